/*
 * newsconv.h: the public API of libnewsconv, and its manual.
 *
 * libnewsconv reads a plain-text news article into a document (metadata plus
 * a tree of blocks) and writes that document through a writer (Markdown,
 * JSON, DocBook, HTML, EPUB, PDF, or one of the caller's own) into a sink
 * (memory, FILE *, file descriptor, callback, or a path written atomically).
 *
 * Conventions, everywhere in this header:
 *   - Every name carries the prefix nc_ / NC_.
 *   - A function that can fail returns an nc_status; NC_OK is 0. When it is
 *     given a non-NULL nc_error *, it fills it with the code and a one-line
 *     message. The library never prints, exits or aborts; running out of
 *     memory is the return value NC_ERR_NOMEM.
 *   - "Owned by the caller" means the caller frees it with the named
 *     function. Strings returned by getters are owned by the object they came
 *     from and live as long as it does.
 *   - No global mutable state: distinct documents and sinks may be used from
 *     distinct threads at the same time.
 */
#ifndef NEWSCONV_H
#define NEWSCONV_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(NC_STATIC_DEFINE)
#define NC_EXPORT
#elif defined(__GNUC__)
#define NC_EXPORT __attribute__((visibility("default")))
#else
#define NC_EXPORT
#endif

/* ---------------------------------------------------------------- version */

#define NC_VERSION_MAJOR 0
#define NC_VERSION_MINOR 1
#define NC_VERSION_PATCH 0
#define NC_VERSION_STRING "0.1.0"
/* The version as one number, 0xMMmmpp, for compile-time comparisons. */
#define NC_VERSION ((NC_VERSION_MAJOR << 16) | (NC_VERSION_MINOR << 8) | NC_VERSION_PATCH)

/* The version of the library actually linked, as "MAJOR.MINOR.PATCH". */
NC_EXPORT const char *nc_version(void);

/* ----------------------------------------------------------------- errors */

/* Stable codes: values never change meaning; new codes are only appended. */
typedef enum nc_status {
    NC_OK = 0,
    NC_ERR_NOMEM = 1,      /* out of memory */
    NC_ERR_IO = 2,         /* a read or write failed (the message says why) */
    NC_ERR_INPUT = 3,      /* the input cannot be read as an article */
    NC_ERR_ENCODING = 4,   /* unknown or unusable character encoding */
    NC_ERR_TOO_LARGE = 5,  /* the input exceeds the configured maximum size */
    NC_ERR_OPTION = 6,     /* an unknown option or a bad option value */
    NC_ERR_WRITER = 7,     /* a writer failed (no such writer, or it broke) */
    NC_ERR_RESOURCE = 8,   /* a font, image or other resource is missing or bad */
    NC_ERR_ARGUMENT = 9    /* a NULL or otherwise invalid argument */
} nc_status;

typedef struct nc_error {
    nc_status code;
    char message[512]; /* one line, no trailing newline; "" when code is NC_OK */
} nc_error;

/* A short, static, English description of a status code. Never NULL. */
NC_EXPORT const char *nc_status_string(nc_status code);

/* Fills err (when not NULL) with code and a printf-style message, made one
 * line (a newline or carriage return becomes a space; a message past 511
 * bytes is cut), and returns code, so that one's own writer can write
 * `return nc_error_set(err, NC_ERR_RESOURCE, "no %s", what);`. */
NC_EXPORT nc_status nc_error_set(nc_error *err, nc_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ------------------------------------------------------------ diagnostics */

/* Warnings: the conversion goes on, but the user should know. */
typedef enum nc_warning {
    NC_WARN_INVALID_BYTES = 1,  /* bytes not valid in the encoding became U+FFFD */
    NC_WARN_CONTROL_CHARS = 2,  /* NUL or C0 control characters were removed */
    NC_WARN_ENCODING_GUESS = 3, /* the encoding was guessed */
    NC_WARN_DATE = 4,           /* a date could not be read; kept as written */
    NC_WARN_MISSING_GLYPH = 5,  /* no font has a character; a stand-in was drawn */
    NC_WARN_OTHER = 99
} nc_warning;

typedef struct nc_diagnostic {
    nc_warning code;
    unsigned long line; /* 1-based source line, or 0 when not tied to a line */
    const char *message;/* one line; valid only during the callback */
} nc_diagnostic;

typedef void (*nc_diag_fn)(const nc_diagnostic *diag, void *userdata);

/* ------------------------------------------------------------------ sinks */

/* Where a writer's bytes go. Writes are buffered. Errors are sticky: after
 * the first failed write every later write fails at once, and
 * nc_sink_finish() reports that first cause. */
typedef struct nc_sink nc_sink;

/* The callback of a callback sink: write all `size` bytes of `data` and
 * return 0, or return non-zero to make the sink fail with NC_ERR_IO. */
typedef int (*nc_write_fn)(const void *data, size_t size, void *userdata);

/* Constructors. Each returns a sink owned by the caller (free it with
 * nc_sink_free), or NULL when out of memory. */
NC_EXPORT nc_sink *nc_sink_new_memory(void);           /* a growing buffer */
NC_EXPORT nc_sink *nc_sink_new_file(FILE *fp);         /* fp stays the caller's */
NC_EXPORT nc_sink *nc_sink_new_fd(int fd);             /* fd stays the caller's */
NC_EXPORT nc_sink *nc_sink_new_callback(nc_write_fn fn, void *userdata);
/* A path: bytes go to a new temporary file beside `path` (created with
 * O_EXCL, never through a symlink) that nc_sink_finish() renames onto `path`
 * only when everything succeeded. nc_sink_free() without a successful finish
 * removes the temporary file and leaves any existing `path` untouched.
 * Returns NULL and fills `err` when the temporary file cannot be created. */
NC_EXPORT nc_sink *nc_sink_new_path(const char *path, nc_error *err);

/* Appends bytes. Returns NC_OK or the sink's (sticky) error code;
 * NC_ERR_ARGUMENT for a NULL sink, or NULL data with a non-zero size. */
NC_EXPORT nc_status nc_sink_write(nc_sink *sink, const void *data, size_t size);

/* Flushes buffered bytes and completes the sink: for a FILE * it flushes the
 * stream, for a path it syncs and renames into place. Reports the first error
 * the sink ever met. Call it once, after the writer returned NC_OK. */
NC_EXPORT nc_status nc_sink_finish(nc_sink *sink, nc_error *err);

/* For a memory sink: the bytes written so far (not NUL-terminated) and their
 * count. Owned by the sink. NULL for other kinds of sink. */
NC_EXPORT const unsigned char *nc_sink_memory_data(const nc_sink *sink, size_t *size);

/* Makes the sink keep a SHA-256 of the bytes written to it from now on (for
 * a manifest of outputs, or a check); call it before the first write.
 * Returns NC_OK, NC_ERR_NOMEM, or NC_ERR_ARGUMENT for a NULL sink. */
NC_EXPORT nc_status nc_sink_keep_digest(nc_sink *sink);

/* The count of bytes nc_sink_write took so far (0 for a NULL sink); and,
 * when sha256_hex is not NULL, their SHA-256 as 64 lowercase hex digits and
 * a NUL, or "" when nc_sink_keep_digest was not called. */
NC_EXPORT size_t nc_sink_digest(const nc_sink *sink, char sha256_hex[65]);

/* Releases the sink; a path sink that was not finished removes its temporary
 * file. NULL is allowed. */
NC_EXPORT void nc_sink_free(nc_sink *sink);

/* For a path sink: the temporary file its bytes go to, until nc_sink_finish
 * renames it into place or nc_sink_free removes it; NULL for other sinks
 * and after that. Owned by the sink. For a program that must remove it
 * itself when a signal ends the process, since no sink can be freed then
 * (the newsconv command keeps a list of them for SIGINT and SIGTERM). */
NC_EXPORT const char *nc_sink_temp_path(const nc_sink *sink);

/* --------------------------------------------------------------- options */

/* One key=value pair, as given with -M or a writer option. */
typedef struct nc_option {
    const char *key;
    const char *value;
} nc_option;

typedef struct nc_reader_options {
    size_t struct_size;     /* set by nc_reader_options_init; leave it */
    int smart;              /* typography (curly quotes, dashes): default 1 */
    const char *encoding;   /* force an input encoding (iconv name); default NULL: detect */
    const char *lang;       /* BCP 47 language; default NULL: metadata "lang", else the
                             * front matter, else detected from the text (when it has
                             * NC_LANG_DETECT_MIN_LETTERS letters), else "en" */
    size_t max_input;       /* bytes; default NC_DEFAULT_MAX_INPUT; 0 means no limit */
    const nc_option *metadata; /* metadata overrides (-M key=value); default none */
    size_t n_metadata;
    const char *source_name;/* a name for messages, e.g. the file name; default NULL */
    nc_diag_fn diag;        /* warnings; default NULL: dropped */
    void *diag_userdata;
    /* The article's folder: paths the article itself names (image: and
     * cover-image: in its front matter) resolve relative to it and may not
     * leave it (no absolute path, no ".." out, no symbolic link out), so an
     * untrusted article cannot read the host. Default NULL: the folder of
     * the path nc_read_path reads; the current folder for nc_read_memory
     * and nc_read_file. Paths given in `metadata` are the caller's own and
     * are not confined. */
    const char *resource_dir;
    /* More folders, separated by ':', that the article's paths are also
     * looked up in and may resolve into (pandoc's --resource-path).
     * Default NULL: none. */
    const char *resource_path;
} nc_reader_options;

#define NC_DEFAULT_MAX_INPUT ((size_t)256 * 1024 * 1024)
/* A text with fewer letters than this keeps the default language, "en",
 * rather than a guess (nc_meta_lang_source). */
#define NC_LANG_DETECT_MIN_LETTERS 100

/* Sets every field to its documented default. Options that did not come
 * from it (a struct_size of another size) make every reading function
 * return NC_ERR_ARGUMENT; so do n_metadata > 0 with metadata NULL. */
NC_EXPORT void nc_reader_options_init(nc_reader_options *opts);

typedef struct nc_writer_options {
    size_t struct_size;     /* set by nc_writer_options_init; leave it */
    /* The time used when the document has no date of its own (EPUB
     * dcterms:modified, PDF dates). Default (time_t)-1: SOURCE_DATE_EPOCH
     * from the environment when set and valid, else the current time. */
    time_t timestamp;
    /* Format-specific settings: each key must be one the writer declares
     * in its option table (nc_writer.option_specs) and each value one that
     * the key's kind takes, else nc_write refuses them with NC_ERR_OPTION.
     * Give a writer only its own options (nc_writer_option_spec tells). */
    const nc_option *options;
    size_t n_options;
    nc_diag_fn diag;        /* warnings; default NULL: dropped */
    void *diag_userdata;
} nc_writer_options;

/* Sets every field to its documented default. As with reader options,
 * nc_write refuses options that did not come from it, and n_options > 0
 * with options NULL, with NC_ERR_ARGUMENT. */
NC_EXPORT void nc_writer_options_init(nc_writer_options *opts);

/* -------------------------------------------------------------- documents */

typedef struct nc_document nc_document;
typedef struct nc_node nc_node;

/* Read an article. On success *out is a document owned by the caller (free
 * it with nc_document_free); on failure *out is NULL and the status says
 * why: NC_ERR_INPUT for an input with no text (an empty buffer, blank
 * lines), NC_ERR_TOO_LARGE beyond opts->max_input, NC_ERR_IO when a file
 * cannot be read, NC_ERR_OPTION for an unknown metadata key, NC_ERR_ARGUMENT
 * for out == NULL, data == NULL with size > 0, fp or path NULL. `opts` may
 * be NULL for the defaults. nc_read_file reads fp to its end and leaves it
 * open. */
NC_EXPORT nc_status nc_read_memory(const void *data, size_t size,
                                   const nc_reader_options *opts,
                                   nc_document **out, nc_error *err);
NC_EXPORT nc_status nc_read_file(FILE *fp, const nc_reader_options *opts,
                                 nc_document **out, nc_error *err);
NC_EXPORT nc_status nc_read_path(const char *path, const nc_reader_options *opts,
                                 nc_document **out, nc_error *err);

/* Loads ahead what reading with opts may need that takes long to load: the
 * language detector (libcld2, about 1.5 ms with the C++ runtime it brings).
 * For a caller that can do it on a thread of its own while it does other
 * work; reading loads the detector when an article needs it, so this is
 * never needed. head[0, n) is the start of the input (a few KB: its front
 * matter and first paragraphs), or NULL when the caller has not read it:
 * the detector is loaded when reading that input would run it, not when
 * opts (opts->lang, "lang" among the metadata; NULL opts give none) or the
 * front matter give the language or the text is too short; without head,
 * whenever opts do not give it. Safe from any thread at any time. Returns
 * NC_OK (also when nothing needed loading), NC_ERR_ARGUMENT for options not
 * set up by nc_reader_options_init (or n_metadata > 0 with metadata NULL)
 * or for a NULL head with n > 0, or NC_ERR_RESOURCE when the detector
 * cannot be loaded (reading then warns and takes the default language, as
 * it does without this call). */
NC_EXPORT nc_status nc_reader_prepare(const nc_reader_options *opts, const void *head, size_t n);

/* Releases the document and every string and node taken from it. NULL is
 * allowed. */
NC_EXPORT void nc_document_free(nc_document *doc);

/* Metadata. Keys: "title", "kicker" (a label the headline opened with, as
 * written, "EXCLUSIVE-" or "VIDÉO - ", kept apart from the title; writers
 * show the title right after it, so one given as metadata or front matter
 * without a dash or space of its own is joined by the reader: "EXCLUSIVE"
 * is read as "EXCLUSIVE - ", "Exclusive:" as "Exclusive: "), "subtitle", "date" (YYYY-MM-DD when it was read
 * as a date, else as written), "lang", "publisher", "source", "identifier",
 * "description", "subject", "image", "image-alt" (the photo's text
 * alternative, for readers who cannot see it), "cover-image", "credit"; and the lists
 * "authors" and "keywords". nc_meta_get returns NULL for an absent key
 * (and, for a list, its first item). */
NC_EXPORT const char *nc_meta_get(const nc_document *doc, const char *key);
NC_EXPORT size_t nc_meta_count(const nc_document *doc, const char *key);
NC_EXPORT const char *nc_meta_item(const nc_document *doc, const char *key, size_t i);
/* 1 when meta "date" was read as a date (and so is YYYY-MM-DD), else 0. */
NC_EXPORT int nc_meta_date_is_iso(const nc_document *doc);
/* Where meta "lang" came from: "option" (nc_reader_options.lang or
 * metadata "lang"), "front-matter", "detected" (from the text) or "default"
 * ("en": no option, no front matter, a text too short to tell or a
 * detector that could not be loaded); NULL for a document the reader did
 * not make. Static storage. */
NC_EXPORT const char *nc_meta_lang_source(const nc_document *doc);

/* --------------------------------------------------------------- the tree */

typedef enum nc_node_type {
    NC_NODE_NONE = 0,
    /* blocks */
    NC_NODE_DOCUMENT,
    NC_NODE_PARAGRAPH,
    NC_NODE_HEADING,   /* a subhead; level 2 and below */
    NC_NODE_CAPTION,
    NC_NODE_BYLINE,
    NC_NODE_QUOTE,     /* contains blocks */
    NC_NODE_LIST,      /* contains items */
    NC_NODE_ITEM,      /* contains inlines, or blocks */
    NC_NODE_CREDIT,
    NC_NODE_BREAK,
    /* inlines */
    NC_NODE_TEXT,
    NC_NODE_EMPHASIS,
    NC_NODE_LINK,
    /* Appended, so that the values above keep their numbers. */
    NC_NODE_TABLE,     /* block: column-aligned text; contains rows */
    NC_NODE_ROW,       /* block: one line of a table, with the next lines of
                          its wrapped cells; contains cells */
    NC_NODE_CELL,      /* block: one column of a row; contains inlines */
    NC_NODE_DATELINE,  /* inline: the dateline opening a paragraph ("BERLIN (dpa) -") */
    NC_NODE_KICKER     /* inline: a label opening a paragraph ("VIDÉO - ", "UPDATE 2-") */
} nc_node_type;

/* Nesting (one rule, checked in debug builds): the body, a quote and an
 * item holding blocks contain any block but an item, a row or a cell; a
 * list contains items; a table contains rows, a row cells; a paragraph,
 * heading, caption, byline, credit, cell and one-line item contain
 * inlines; emphasis, link, dateline and kicker contain inlines other than
 * datelines and kickers, which only a paragraph holds, as its first
 * children (a kicker, then a dateline). */

/* The body: a DOCUMENT node whose children are blocks. Owned by doc; NULL
 * for a NULL doc. Every accessor below takes NULL and then returns
 * NC_NODE_NONE, NULL or 0; nodes are read-only. */
NC_EXPORT const nc_node *nc_document_body(const nc_document *doc);

NC_EXPORT nc_node_type nc_node_get_type(const nc_node *node);
/* "paragraph", "heading", ... as in the JSON output. */
NC_EXPORT const char *nc_node_type_name(nc_node_type type);
NC_EXPORT const nc_node *nc_node_parent(const nc_node *node);
NC_EXPORT const nc_node *nc_node_first_child(const nc_node *node);
NC_EXPORT const nc_node *nc_node_last_child(const nc_node *node);
NC_EXPORT const nc_node *nc_node_next(const nc_node *node);
NC_EXPORT const nc_node *nc_node_prev(const nc_node *node);
/* 1 for a block (DOCUMENT to BREAK, TABLE, ROW, CELL), else 0. */
NC_EXPORT int nc_node_is_block(const nc_node *node);
/* 1 for an inline (TEXT, EMPHASIS, LINK, DATELINE, KICKER), else 0. */
NC_EXPORT int nc_node_is_inline(const nc_node *node);
/* TEXT: its text, else NULL. UTF-8, NUL-terminated. */
NC_EXPORT const char *nc_node_text(const nc_node *node);
/* LINK: its URL (the link's text is its children), else NULL. */
NC_EXPORT const char *nc_node_url(const nc_node *node);
/* HEADING: its level. LIST: 1 when ordered. Others: 0. */
NC_EXPORT int nc_node_level(const nc_node *node);
NC_EXPORT int nc_node_list_ordered(const nc_node *node);
NC_EXPORT int nc_node_list_start(const nc_node *node);
/* PARAGRAPH: the DATELINE inline that opens it (after a kicker, if any),
 * or NULL. The dateline is stored once, as that inline: its text is its
 * children's, and is part of the paragraph's text. */
NC_EXPORT const nc_node *nc_node_dateline(const nc_node *node);
/* PARAGRAPH: the KICKER inline that opens it, or NULL. */
NC_EXPORT const nc_node *nc_node_kicker(const nc_node *node);
/* ROW: 1 when it is a header row (column titles), else 0. */
NC_EXPORT int nc_node_row_header(const nc_node *node);
/* CELL: how its column is aligned in the source. */
typedef enum nc_align { NC_ALIGN_LEFT = 0, NC_ALIGN_RIGHT = 1 } nc_align;
NC_EXPORT nc_align nc_node_cell_align(const nc_node *node);
/* Blocks: the 1-based, inclusive source lines it came from; 0 and 0 for
 * inlines and for nodes made from metadata. */
NC_EXPORT void nc_node_lines(const nc_node *node, unsigned long *first, unsigned long *last);

/* A depth-first walk in document order: each node is entered, then its
 * children are walked, then it is exited (a node without children gives
 * ENTER and EXIT one after the other). */
typedef enum nc_event { NC_EVENT_DONE = 0, NC_EVENT_ENTER, NC_EVENT_EXIT } nc_event;
typedef struct nc_iter {
    const nc_node *root;
    const nc_node *node;
    nc_event event;
} nc_iter;
/* The iterator lives in the caller's memory and owns nothing: no cleanup.
 * A NULL root walks nothing. */
NC_EXPORT void nc_iter_init(nc_iter *it, const nc_node *root);
/* Advances and returns the event; NC_EVENT_DONE after root's EXIT, and from
 * then on (also for it == NULL). The node of the event is it->node. */
NC_EXPORT nc_event nc_iter_next(nc_iter *it);

/* ---------------------------------------------------------------- writers */

typedef nc_status (*nc_write_doc_fn)(const nc_document *doc,
                                     const nc_writer_options *opts,
                                     nc_sink *sink, nc_error *err);

/* A format option as a writer declares it: its key, the kind of value it
 * takes, its default and one line of help. The table is the one place an
 * option is described: nc_write checks values against it, and a front end
 * can list, document and check options from it (the newsconv command
 * makes its --help, --list-formats and its own shorthands from it). */
typedef enum nc_option_kind {
    NC_OPTION_TEXT = 0,  /* any text */
    NC_OPTION_BOOL,      /* "true", "yes", "1", or "" (given without a value);
                            "false", "no", "0" */
    NC_OPTION_INT,       /* decimal digits, no sign, no leading zero, from min to max */
    NC_OPTION_NUMBER,    /* an INT, or one with a fraction ("9.5"; not ".5",
                            "9.", "1e1" or "0x10"), from min to max */
    NC_OPTION_CHOICE     /* one of choices; ASCII case does not matter */
} nc_option_kind;

typedef struct nc_option_spec {
    const char *key;             /* "paper" */
    nc_option_kind kind;
    double min, max;             /* INT and NUMBER: the range, both ends included */
    const char *const *choices;  /* CHOICE: the values, NULL-terminated */
    const char *default_value;   /* the value when the option is not given, as text;
                                    NULL: no value (TEXT only) */
    const char *help;            /* one line, lower case, no final period */
    /* A name under which a front end may offer this option directly, for
     * options common enough to deserve it (the newsconv command makes it
     * --ALIAS VALUE, or --ALIAS alone for a BOOL); NULL for none. */
    const char *alias;
} nc_option_spec;

/* A writer. The struct begins with its own size so that it can grow: set
 * struct_size to sizeof(nc_writer) when you define one of your own, and pass
 * it to nc_write like any built-in writer: no registration needed.
 *
 * The write function of one's own writer gets opts never NULL (defaults
 * when the caller gave none) and err never NULL, writes with nc_sink_write,
 * and returns NC_OK or a status. On failure it may fill err (nc_error_set);
 * when it does not, nc_write fills it: from the sink when a sink write
 * failed (so returning the status of a failed nc_sink_write is enough),
 * else with the writer's name and the status. It declares its format
 * options in option_specs, so that nc_write checks them before it runs,
 * and reads them with nc_writer_option_number or nc_writer_option.
 * Warnings go to opts->diag when set. */
typedef struct nc_writer {
    size_t struct_size;
    const char *name;              /* "epub" */
    const char *const *aliases;    /* NULL-terminated, or NULL */
    const char *extension;         /* "epub", without the dot */
    int binary;                    /* 1 for bytes, 0 for UTF-8 text */
    const char *description;       /* one line, for a list of formats */
    /* Its format options, ended by an entry whose key is NULL; NULL for none. */
    const nc_option_spec *option_specs;
    nc_write_doc_fn write;
    /* Loads what write needs that takes long to load (a shared library),
     * so that nc_writer_prepare can have it done ahead, on another thread;
     * NC_OK or why it cannot be loaded. NULL when there is nothing to load
     * (and in a description whose struct_size ends before it). */
    nc_status (*prepare)(void);
} nc_writer;

/* The built-in writers, in a fixed order, NULL-terminated. Never NULL; the
 * table and the writers are static and never change. */
NC_EXPORT const nc_writer *const *nc_writers(void);
/* A built-in writer by name or alias (case-sensitive), or NULL (also for a
 * NULL name). Passing that NULL on to nc_write gives NC_ERR_ARGUMENT. */
NC_EXPORT const nc_writer *nc_writer_find(const char *name);

/* Writes doc with writer to sink. Checks the options first (see
 * nc_writer_options), then runs the writer. Does not finish the sink: call
 * nc_sink_finish afterwards. `opts` may be NULL for the defaults. Returns
 * NC_OK; NC_ERR_ARGUMENT for a NULL doc, writer or sink; NC_ERR_WRITER for
 * a writer description without a write function (or too small to hold
 * one); NC_ERR_OPTION naming an unknown option key or a bad value;
 * NC_ERR_IO when the sink failed (the writer stopped there; the message
 * says why); or the writer's own failure. Nothing is written when the
 * options are refused. */
NC_EXPORT nc_status nc_write(const nc_document *doc, const nc_writer *writer,
                             const nc_writer_options *opts, nc_sink *sink,
                             nc_error *err);

/* Loads ahead what writing with writer will need that takes long to load
 * (the EPUB writer opens libzip, and with it OpenSSL's libcrypto: over a
 * millisecond), so that a caller with other work to do meanwhile, reading
 * the article or writing other formats, can have it loaded on a thread of
 * its own. Never needed: nc_write loads what it needs when nothing did
 * before. Safe from any thread at any time, once or many times; what it
 * loads stays loaded for the life of the process. Returns NC_OK (also for
 * a writer with nothing to load), NC_ERR_ARGUMENT for a NULL writer, or
 * NC_ERR_WRITER when a library cannot be loaded (nc_write then fails with
 * the message that says why). */
NC_EXPORT nc_status nc_writer_prepare(const nc_writer *writer);

/* The value of a format option as given (the last one, when given twice;
 * "" when given without a value), or NULL when it was not given. */
NC_EXPORT const char *nc_writer_option(const nc_writer_options *opts, const char *key);

/* The entry of writer's option table for key, or NULL when the writer does
 * not declare it (also for a NULL writer or key). */
NC_EXPORT const nc_option_spec *nc_writer_option_spec(const nc_writer *writer, const char *key);

/* Checks value (NULL: not given, which is fine) against spec. Returns NC_OK,
 * or NC_ERR_OPTION with a message naming the key, the value and what the
 * kind expects; NC_ERR_ARGUMENT for a NULL spec. */
NC_EXPORT nc_status nc_option_check(const nc_option_spec *spec, const char *value,
                                    nc_error *err);

/* For a writer, in its write function: an option of its table as a number,
 * from the value given, else from the default. BOOL: 1 or 0; INT, NUMBER:
 * the value; CHOICE: its index in choices. NaN for a key the writer does
 * not declare, a TEXT option, or a value the kind does not take (nc_write
 * has refused those before the writer runs). */
NC_EXPORT double nc_writer_option_number(const nc_writer *writer, const nc_writer_options *opts,
                                         const char *key);
/* The same for one entry of an option table (an option several writers
 * share); NaN for a NULL spec. */
NC_EXPORT double nc_option_number(const nc_option_spec *spec, const nc_writer_options *opts);

#ifdef __cplusplus
}
#endif
#endif
