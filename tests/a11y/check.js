#!/usr/bin/env node
// The accessibility checkers publishers and web teams run, on newsconv's
// outputs (issue 20): Ace by DAISY on every EPUB, axe-core on every HTML
// page, both in Debian's chromium. Usage:
//
//   node check.js OUTDIR FILE.epub|FILE.html...
//
// Ace's report of the k-th book goes to OUTDIR/ace/k-NAME/report.json,
// axe-core's results of the k-th page to OUTDIR/axe/k-NAME.json. Prints one line a file
// ("ok: " or "FAIL: ") and the closing line "checked N files: N clean, N not"; exits 1
// when anything failed.
//
// A browser start costs about a second, so every book goes through one
// browser (Ace's runner, launched once) and every page through another.
'use strict';

const fs = require('fs');
const path = require('path');

const [outdir, ...files] = process.argv.slice(2);
if (!outdir || files.length === 0) {
  console.error('usage: node check.js OUTDIR FILE.epub|FILE.html...');
  process.exit(2);
}

// Debian's chromium; PUPPETEER_EXECUTABLE_PATH is how Ace's puppeteer runner
// finds it too (it never downloads a browser: installed with --ignore-scripts).
const CHROMIUM = process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium';
process.env.PUPPETEER_EXECUTABLE_PATH = CHROMIUM;

// What a book must declare (EPUB Accessibility 1.1, 5.1 and the schema.org
// discovery metadata), on top of passing every Ace check.
const REQUIRED_METADATA = [
  'dcterms:conformsTo',
  'schema:accessMode',
  'schema:accessModeSufficient',
  'schema:accessibilityFeature',
  'schema:accessibilityHazard',
  'schema:accessibilitySummary',
];
const CONFORMS_TO = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

// WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe-core's best practices.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa',
  'best-practice'];

// Books and pages checked at once: chromium renders in processes of its
// own, so two keep both cores of a CI machine busy.
const JOBS = Math.max(1, parseInt(process.env.A11Y_JOBS || '2', 10));

// Runs fn on every item, JOBS at a time; results in the items' order.
async function pool(items, fn) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const k = next++;
      results[k] = await fn(items[k], k);
    }
  }
  await Promise.all(Array.from({ length: Math.min(JOBS, items.length) }, worker));
  return results;
}

let passed = 0;
let failed = 0;

function verdict(file, problems) {
  if (problems.length === 0) {
    passed++;
    console.log(`ok: ${file}`);
  } else {
    failed++;
    console.log(`FAIL: ${file}`);
    for (const p of problems) console.log(`  ${p}`);
  }
}

function metadataValues(report, name) {
  const v = report.properties && report.properties[name] !== undefined
    ? report.properties[name] : (report['earl:testSubject'].metadata || {})[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

// Every assertion of Ace's report whose outcome is not a pass, as text.
function aceProblems(report) {
  const problems = [];
  for (const doc of report.assertions || []) {
    for (const a of doc.assertions || []) {
      if (a['earl:result']['earl:outcome'] === 'pass') continue;
      const t = a['earl:test'];
      problems.push(`${doc['earl:testSubject'].url}: ${t['dct:title']} (${t['earl:impact']}): ` +
        `${a['earl:result']['dct:description'] || ''}`.replace(/\s+/g, ' ').slice(0, 300));
    }
  }
  if (report['earl:result']['earl:outcome'] !== 'pass' && problems.length === 0)
    problems.push(`Ace's outcome is ${report['earl:result']['earl:outcome']}`);
  const meta = report['a11y-metadata'] || {};
  for (const name of REQUIRED_METADATA) {
    if (!(meta.present || []).includes(name))
      problems.push(`package metadata ${name} missing`);
  }
  const conforms = metadataValues(report, 'dcterms:conformsTo');
  if ((meta.present || []).includes('dcterms:conformsTo') && !conforms.includes(CONFORMS_TO))
    problems.push(`dcterms:conformsTo is ${JSON.stringify(conforms)}, not "${CONFORMS_TO}"`);
  return problems;
}

// Ace's runner launches a browser for every book and closes it after; this
// one launches it on the first book and closes it once, at the end.
function sharedRunner(runner) {
  let launched = false;
  return Object.assign(Object.create(runner), {
    launch: async () => {
      if (!launched) await runner.launch();
      launched = true;
    },
    close: async () => {},
    closeForReal: async () => {
      if (launched) await runner.close();
    },
  });
}

async function checkBooks(books) {
  if (books.length === 0) return;
  const ace = require('@daisy/ace-core');
  const runner = sharedRunner(require('@daisy/ace-axe-runner-puppeteer'));
  try {
    // Launched before the jobs start, so that two do not both launch it.
    await runner.launch();
    const verdicts = await pool(books, async (book, k) => {
      const dir = path.join(outdir, 'ace', `${k + 1}-${path.basename(book, '.epub')}`);
      fs.rmSync(dir, { recursive: true, force: true });
      try {
        await ace(path.resolve(book), { cwd: process.cwd(), outdir: dir, silent: true, lang: 'en',
          initLogger: true }, runner);
        return aceProblems(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')));
      } catch (e) {
        return [`Ace failed: ${e && e.message ? e.message : e}`];
      }
    });
    books.forEach((book, k) => verdict(book, verdicts[k]));
  } finally {
    await runner.closeForReal();
  }
}

async function checkPages(pages) {
  if (pages.length === 0) return;
  const puppeteer = require('puppeteer-core');
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  fs.mkdirSync(path.join(outdir, 'axe'), { recursive: true });
  // The flags known to work as root on these machines; without the
  // background-networking ones chromium keeps calling hosts it cannot reach.
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tabs = await Promise.all(Array.from({ length: JOBS }, () => browser.newPage()));
    const free = [...tabs];
    const verdicts = await pool(pages, async (file, k) => {
      const page = free.pop();
      const problems = [];
      try {
        await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
        await page.evaluate(axeSource);
        const results = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), AXE_TAGS);
        fs.writeFileSync(path.join(outdir, 'axe', `${k + 1}-${path.basename(file)}.json`),
          JSON.stringify(results, null, 1));
        if (results.passes.length === 0) problems.push('axe-core ran no rule that passed');
        for (const v of results.violations) {
          const where = v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ');
          problems.push(`${v.id} (${v.impact}): ${v.help} [${where}]`);
        }
      } catch (e) {
        problems.push(`axe-core failed: ${e && e.message ? e.message : e}`);
      } finally {
        free.push(page);
      }
      return problems;
    });
    pages.forEach((file, k) => verdict(file, verdicts[k]));
  } finally {
    await browser.close();
  }
}

(async () => {
  await checkBooks(files.filter((f) => f.endsWith('.epub')));
  await checkPages(files.filter((f) => f.endsWith('.html')));
  // Exits only once the line is out: stdout into a pipe is asynchronous.
  process.stdout.write(`checked ${passed + failed} files: ${passed} clean, ${failed} not\n`,
    () => process.exit(failed ? 1 : 0));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
