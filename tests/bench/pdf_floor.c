/* pdf_floor.c: the least a PDF of the seed can cost (issue 10). libharu
 * alone loads and embeds the given TrueType faces, draws one line of text
 * with each on one page, and saves: no reading, no layout. The PDF
 * writer's time for the seed is compared with this one.
 *
 *   nc_pdf_floor --which NAME...     prints the file fontconfig has for each
 *                                    PostScript name (as pdffonts lists them)
 *   nc_pdf_floor -o OUT.pdf FILE...  the floor itself: nothing but libharu
 */
#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <stdio.h>
#include <string.h>

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
    HPDF_STATUS *first = user_data;
    if (!*first)
        *first = error_no ? error_no : detail_no;
}

static int which(int n, char **names)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        FcPattern *pat = FcPatternCreate();
        FcPatternAddString(pat, FC_POSTSCRIPT_NAME, (const FcChar8 *)names[i]);
        FcObjectSet *os = FcObjectSetBuild(FC_FILE, (char *)NULL);
        FcFontSet *fs = FcFontList(NULL, pat, os);
        FcChar8 *file = NULL;
        if (fs && fs->nfont > 0 && FcPatternGetString(fs->fonts[0], FC_FILE, 0, &file) == FcResultMatch)
            printf("%s\n", (const char *)file);
        else {
            fprintf(stderr, "nc_pdf_floor: fontconfig has no face named %s\n", names[i]);
            rc = 1;
        }
        if (fs)
            FcFontSetDestroy(fs);
        FcObjectSetDestroy(os);
        FcPatternDestroy(pat);
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--which") == 0)
        return which(argc - 2, argv + 2);
    if (argc < 4 || strcmp(argv[1], "-o") != 0) {
        fputs("usage: nc_pdf_floor -o OUT.pdf FONT.ttf...\n"
              "       nc_pdf_floor --which POSTSCRIPT-NAME...\n", stderr);
        return 2;
    }
    HPDF_STATUS failed = 0;
    HPDF_Doc pdf = HPDF_New(on_error, &failed);
    if (!pdf)
        return 1;
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_Page page = HPDF_AddPage(pdf);
    float y = 800;
    for (int i = 3; i < argc && !failed; i++) {
        const char *name = HPDF_LoadTTFontFromFile(pdf, argv[i], HPDF_TRUE);
        HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
        if (!font)
            break;
        HPDF_Page_SetFontAndSize(page, font, 11);
        HPDF_Page_BeginText(page);
        HPDF_Page_TextOut(page, 72, y, "Kazakh President Assures Germany \xe2\x80\x9c" "2023\xe2\x80\x9d");
        HPDF_Page_EndText(page);
        y -= 14;
    }
    if (!failed)
        HPDF_SaveToFile(pdf, argv[2]);
    HPDF_Free(pdf);
    if (failed) {
        fprintf(stderr, "nc_pdf_floor: libharu error 0x%04X\n", (unsigned)failed);
        return 1;
    }
    return 0;
}
