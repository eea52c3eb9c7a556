/* frontmatter.c: metadata written at the top of an article, either as a
 * YAML block between --- lines (the subset people write by hand: scalars,
 * quoted scalars, [a, b] and "- item" lists) or as Key: value lines. */
#include <string.h>
#include <strings.h>

#include "reader.h"

typedef struct alias {
    const char *name, *key;
} alias;

/* The names a writer of front matter uses, and the metadata key of each. */
static const alias aliases[] = {
    {"title", "title"},         {"kicker", "kicker"},         {"subtitle", "subtitle"},
    {"author", "authors"},      {"authors", "authors"},       {"by", "authors"},
    {"date", "date"},           {"language", "lang"},         {"lang", "lang"},
    {"publisher", "publisher"}, {"source", "source"},         {"identifier", "identifier"},
    {"description", "description"}, {"subject", "subject"},   {"keywords", "keywords"},
    {"keyword", "keywords"},    {"tags", "keywords"},         {"image", "image"},
    {"cover-image", "cover-image"}, {"credit", "credit"},     {NULL, NULL},
};

/* Only these make Key: value lines at the top front matter, and only two
 * or more of them: a headline like "Update: markets fall" or "Source: ..."
 * must stay a headline. */
static const char *const plain_keys[] = {"title", "kicker", "subtitle", "author", "by", "date",
                                         "language", "lang", "publisher", "source",
                                         "identifier", "description", NULL};

static const char *key_of(const char *s, size_t n)
{
    for (const alias *a = aliases; a->name; a++)
        if (strlen(a->name) == n && strncasecmp(s, a->name, n) == 0)
            return a->key;
    return NULL;
}

static int is_plain_key(const char *s, size_t n)
{
    for (const char *const *k = plain_keys; *k; k++)
        if (strlen(*k) == n && strncasecmp(s, *k, n) == 0)
            return 1;
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* "key: value" with a key of letters, digits, '-' and '_'; value may be
 * empty. Returns 1 and the parts, else 0. */
static int split_pair(const nc_line *l, const char **k, size_t *kn, const char **v, size_t *vn)
{
    size_t i = 0;
    while (i < l->len && (l->text[i] == '-' || l->text[i] == '_' ||
                          (l->text[i] >= 'a' && l->text[i] <= 'z') ||
                          (l->text[i] >= 'A' && l->text[i] <= 'Z') ||
                          (l->text[i] >= '0' && l->text[i] <= '9')))
        i++;
    if (i == 0 || i >= l->len || l->text[i] != ':' || (i + 1 < l->len && l->text[i + 1] != ' ' &&
                                                       l->text[i + 1] != '\t'))
        return 0;
    *k = l->text;
    *kn = i;
    *v = l->text + i + 1;
    *vn = l->len - i - 1;
    trim(v, vn);
    return 1;
}

/* Sets one value; quotes around it go; a list key may get several names. */
static int set_value(nc_document *doc, const char *key, const char *v, size_t n,
                     const nc_reader_options *opts, unsigned long line)
{
    nc_buf b = NC_BUF_INIT;
    if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
        char q = v[0];
        for (size_t i = 1; i + 1 < n; i++) {
            if (q == '\'' && v[i] == '\'' && v[i + 1] == '\'')
                i++; /* '' is a quote inside single quotes */
            else if (q == '"' && v[i] == '\\' && i + 2 < n)
                i++;
            nc_buf_putc(&b, v[i]);
        }
    } else {
        nc_buf_put(&b, v, n);
    }
    const char *s = nc_buf_cstr(&b);
    int rc = 0;
    if (!s) {
        rc = -1;
    } else if (!*s) {
        rc = 0;
    } else if (strcmp(key, "date") == 0) {
        rc = nc_reader_set_date(doc, s, opts, line);
    } else {
        rc = nc_meta_set(doc, key, s) < 0 ? -1 : 0;
        nc_meta_mark_from_article(doc, key); /* a path in it is untrusted */
    }
    nc_buf_free(&b);
    return rc;
}

/* Sets a list key from "a, b" inside [ ], or a scalar split at " and ",
 * " & " and ";" for authors. */
static int set_list(nc_document *doc, const char *key, const char *v, size_t n,
                    const nc_reader_options *opts, unsigned long line)
{
    int bracket = n >= 2 && v[0] == '[' && v[n - 1] == ']';
    if (bracket) {
        v++;
        n -= 2;
    }
    size_t i = 0;
    while (i <= n) {
        size_t j = i, cut = 0;
        while (j < n) {
            if (bracket ? v[j] == ',' : v[j] == ';') {
                cut = 1;
                break;
            }
            if (!bracket && strcmp(key, "authors") == 0) {
                if (j + 5 <= n && strncmp(v + j, " and ", 5) == 0) {
                    cut = 5;
                    break;
                }
                if (j + 3 <= n && strncmp(v + j, " & ", 3) == 0) {
                    cut = 3;
                    break;
                }
            }
            j++;
        }
        const char *p = v + i;
        size_t pn = j - i;
        trim(&p, &pn);
        if (pn && set_value(doc, key, p, pn, opts, line) < 0)
            return -1;
        if (j >= n)
            break;
        i = j + cut;
    }
    return 0;
}

static int set_pair(nc_document *doc, const char *k, size_t kn, const char *v, size_t vn,
                    const nc_reader_options *opts, unsigned long line)
{
    const char *key = key_of(k, kn);
    if (!key) {
        nc_warn(opts->diag, opts->diag_userdata, NC_WARN_OTHER, line, "front matter key '%.*s' ignored", (int)kn, k);
        return 0;
    }
    if (strcmp(key, "authors") == 0 || strcmp(key, "keywords") == 0)
        return set_list(doc, key, v, vn, opts, line);
    return set_value(doc, key, v, vn, opts, line);
}

static int is_fence(const nc_line *l, const char *f)
{
    const char *s = l->text;
    size_t n = l->len;
    trim(&s, &n);
    return n == 3 && memcmp(s, f, 3) == 0;
}

static size_t yaml(nc_document *doc, const nc_line *lines, size_t n, size_t top,
                   const nc_reader_options *opts)
{
    size_t end = 0, pairs = 0;
    for (size_t i = top + 1; i < n; i++) {
        if (is_fence(&lines[i], "---") || is_fence(&lines[i], "...")) {
            end = i;
            break;
        }
        const char *k, *v, *s = lines[i].text;
        size_t kn, vn, sn = lines[i].len;
        trim(&s, &sn);
        if (sn == 0 || s[0] == '#')
            continue;
        if (split_pair(&lines[i], &k, &kn, &v, &vn))
            pairs++;
        else if (!(sn >= 2 && s[0] == '-' && s[1] == ' ' && pairs))
            return 0; /* not YAML: a break line and text after it */
    }
    if (!end || !pairs)
        return 0;
    const char *list_key = NULL;
    size_t list_kn = 0;
    for (size_t i = top + 1; i < end; i++) {
        const char *k, *v, *s = lines[i].text;
        size_t kn, vn, sn = lines[i].len;
        trim(&s, &sn);
        if (sn == 0 || s[0] == '#')
            continue;
        if (split_pair(&lines[i], &k, &kn, &v, &vn)) {
            list_key = k;
            list_kn = kn;
            if (vn && set_pair(doc, k, kn, v, vn, opts, lines[i].number) < 0)
                return (size_t)-1;
        } else if (list_key) {
            const char *p = s + 2;
            size_t pn = sn - 2;
            trim(&p, &pn);
            const char *key = key_of(list_key, list_kn);
            if (key && set_value(doc, key, p, pn, opts, lines[i].number) < 0)
                return (size_t)-1;
        }
    }
    return end + 1;
}

size_t nc_front_matter(nc_document *doc, const nc_line *lines, size_t n,
                       const nc_reader_options *opts)
{
    size_t top = 0;
    while (top < n) {
        const char *s = lines[top].text;
        size_t sn = lines[top].len;
        trim(&s, &sn);
        if (sn)
            break;
        top++;
    }
    if (top == n)
        return 0;
    if (is_fence(&lines[top], "---"))
        return yaml(doc, lines, n, top, opts);
    size_t end = top;
    while (end < n) {
        const char *k, *v;
        size_t kn, vn;
        const char *s = lines[end].text;
        size_t sn = lines[end].len;
        trim(&s, &sn);
        if (!sn)
            break;
        if (!split_pair(&lines[end], &k, &kn, &v, &vn) || !vn || !is_plain_key(k, kn))
            return 0;
        end++;
    }
    /* One such line is a headline that reads like one ("Source: Santa
     * Monica gunman had arsenal"): front matter is two lines or more. */
    if (end - top < 2)
        return 0;
    for (size_t i = top; i < end; i++) {
        const char *k, *v;
        size_t kn, vn;
        split_pair(&lines[i], &k, &kn, &v, &vn);
        if (set_pair(doc, k, kn, v, vn, opts, lines[i].number) < 0)
            return (size_t)-1;
    }
    return end;
}
