// pdf.js as an independent reader of newsconv's tagged PDFs: for each PDF
// named on the command line, one JSON line with what pdf.js sees: the
// document information (Title, Language), the XMP metadata, and per page
// the structure tree with each marked-content id's text.
//   node read.mjs FILE.pdf...
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

async function read(path) {
  const data = new Uint8Array(readFileSync(path));
  const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false,
                                  verbosity: 0 }).promise;
  const meta = await doc.getMetadata();
  const xmp = meta.metadata ? meta.metadata.getAll() : null;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const tree = await page.getStructTree();
    const content = await page.getTextContent({ includeMarkedContent: true });
    // The text of each marked-content sequence, and of the artifacts.
    const texts = {};
    const stack = [];
    for (const item of content.items) {
      if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
        stack.push(item.id || (item.tag === "Artifact" ? "artifact" : null));
      } else if (item.type === "endMarkedContent") {
        stack.pop();
      } else if (item.str !== undefined) {
        const id = stack.filter((s) => s).pop() || "untagged";
        texts[id] = (texts[id] || []).concat([[item.str, item.hasEOL]]);
      }
    }
    pages.push({ tree, texts });
  }
  await doc.destroy();
  return { path, info: meta.info, xmp, pages };
}

for (const path of process.argv.slice(2)) {
  process.stdout.write(JSON.stringify(await read(path)) + "\n");
}
