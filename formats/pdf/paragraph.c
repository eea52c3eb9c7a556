/* paragraph.c: optimal line breaking; see paragraph.h. The constants are
 * TeX's plain defaults, whose results typesetters have judged for forty
 * years: \linepenalty 10, \adjdemerits 10000, \doublehyphendemerits
 * 10000; \finalhyphendemerits is raised from 5000 so that a hyphen on the
 * penultimate line is rarer still. */
#include "paragraph.h"

#include <math.h>
#include <stdlib.h>

#include "reserve.h"

enum {
    LINE_PENALTY = 10,
    ADJ_DEMERITS = 10000,
    DOUBLE_HYPHEN_DEMERITS = 10000,
    FINAL_HYPHEN_DEMERITS = 100000,
    MAX_HYPHEN_RUN = 2,
};

#define NONE ((size_t)-1)

/* A break some feasible path reaches, and the best path to it. */
typedef struct node {
    size_t cand;         /* NONE: the paragraph's start */
    size_t prev;         /* the node before, or NONE */
    double demerits;     /* of the whole path */
    int fitness;         /* 0 tight, 1 decent, 2 loose, 3 very loose */
    int hyph_run;        /* hyphenated lines ending here in a row */
    int first;           /* the line after it is the paragraph's first */
} node;

typedef struct breaker {
    const nc_pdf_paragraph *p;
    double tolerance;
    node *nodes;         /* every node made; actives point into it */
    size_t n_nodes, cap_nodes;
    size_t *active;
    size_t n_active, cap_active;
} breaker;

static int add_node(breaker *B, node nd)
{
    if (nc_reserve(&B->nodes, &B->cap_nodes, B->n_nodes + 1, sizeof *B->nodes) != 0 ||
        nc_reserve(&B->active, &B->cap_active, B->n_active + 1, sizeof *B->active) != 0)
        return -1;
    B->nodes[B->n_nodes] = nd;
    B->active[B->n_active++] = B->n_nodes++;
    return 0;
}

/* The adjustment ratio of the line from node a to candidate j: how much of
 * its stretch (r > 0) or shrink (r < 0) it takes to fill the measure. */
static double ratio(const breaker *B, const node *a, size_t j, int last)
{
    const nc_pdf_paragraph *p = B->p;
    size_t s = a->cand == NONE ? 0 : p->cand[a->cand].next;
    size_t e = p->cand[j].end;
    double w = p->width[e] - p->width[s] + p->cand[j].extra;
    double avail = a->first ? p->first_width : p->width_rest;
    if (w < avail) {
        if (last)
            return 0; /* the last line's fill takes up the rest */
        double y = p->stretch[e] - p->stretch[s];
        return y > 0 ? (avail - w) / y : 1e6;
    }
    if (w > avail) {
        double z = p->shrink[e] - p->shrink[s];
        return z > 0 ? (avail - w) / z : -1e6;
    }
    return 0;
}

/* TeX's badness, 100 r^3, capped at 10000 ("infinitely bad") within a
 * tolerance; uncapped in the last resort, where every line is allowed, so
 * that a very loose line still costs more than a loose one. */
static double badness(double r, int capped)
{
    double b = 100.0 * fabs(r) * fabs(r) * fabs(r);
    return capped && b > 10000 ? 10000 : b;
}

static int fitness(double r) { return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3; }

typedef struct best {    /* the best way to reach a candidate, per class */
    double demerits;
    size_t from;         /* node */
    int fitness, hyph_run;
} best;

/* Tries every active node against candidate j, dropping those whose line
 * to j would be too long, and keeps the best path per fitness class and
 * hyphen run in bests[4][MAX_HYPHEN_RUN + 1]. */
static void try_candidate(breaker *B, size_t j, best *bests)
{
    const nc_pdf_candidate *c = &B->p->cand[j];
    int last = j + 1 == B->p->n_cand;
    size_t kept = 0;
    for (size_t k = 0; k < B->n_active; k++) {
        size_t ai = B->active[k];
        const node *a = &B->nodes[ai];
        size_t start = a->cand == NONE ? 0 : B->p->cand[a->cand].next;
        if (c->end <= start) {
            B->active[kept++] = ai;
            continue;
        }
        double r = ratio(B, a, j, last);
        if (r < -1)
            continue; /* longer lines from a only get longer */
        B->active[kept++] = ai;
        double b = badness(r, B->tolerance >= 0);
        if (B->tolerance >= 0 && b > B->tolerance)
            continue;
        int run = c->flagged ? a->hyph_run + 1 : 0;
        /* Three hyphens in a row only in the last resort: text with
         * hyphens and no spaces ("a-b-c-d...") may leave no other way. */
        if (run > MAX_HYPHEN_RUN) {
            if (B->tolerance >= 0)
                continue;
            run = MAX_HYPHEN_RUN;
        }
        double d = (LINE_PENALTY + b) * (LINE_PENALTY + b);
        if (c->penalty > 0)
            d += (double)c->penalty * c->penalty;
        else if (c->penalty > NC_PDF_FORCED)
            d -= (double)c->penalty * c->penalty;
        if (c->flagged && a->hyph_run > 0)
            d += DOUBLE_HYPHEN_DEMERITS;
        if (last && a->hyph_run > 0)
            d += FINAL_HYPHEN_DEMERITS;
        int fit = fitness(r);
        if (abs(fit - a->fitness) > 1)
            d += ADJ_DEMERITS;
        d += a->demerits;
        best *slot = &bests[fit * (MAX_HYPHEN_RUN + 1) + run];
        if (d < slot->demerits)
            *slot = (best){.demerits = d, .from = ai, .fitness = fit, .hyph_run = run};
    }
    B->n_active = kept;
}

int nc_pdf_break_lines(const nc_pdf_paragraph *p, double tolerance, size_t *out, size_t *n_out)
{
    breaker B = {.p = p, .tolerance = tolerance};
    int rc = 0;
    if (p->n_cand == 0)
        goto done;
    if (add_node(&B, (node){.cand = NONE, .prev = NONE, .fitness = 1, .first = 1}) != 0) {
        rc = -1;
        goto done;
    }
    enum { CLASSES = 4 * (MAX_HYPHEN_RUN + 1) };
    for (size_t j = 0; j < p->n_cand; j++) {
        best bests[CLASSES];
        for (int k = 0; k < CLASSES; k++)
            bests[k] = (best){.demerits = INFINITY, .from = NONE};
        try_candidate(&B, j, bests);
        if (p->cand[j].penalty <= NC_PDF_FORCED)
            B.n_active = 0;
        for (int k = 0; k < CLASSES; k++) {
            if (bests[k].from == NONE)
                continue;
            node nd = {.cand = j, .prev = bests[k].from, .demerits = bests[k].demerits,
                       .fitness = bests[k].fitness, .hyph_run = bests[k].hyph_run};
            if (add_node(&B, nd) != 0) {
                rc = -1;
                goto done;
            }
        }
        if (B.n_active == 0)
            goto done; /* nothing reaches past here within the tolerance */
    }
    size_t end = NONE;
    for (size_t k = 0; k < B.n_active; k++) {
        const node *a = &B.nodes[B.active[k]];
        if (a->cand + 1 == p->n_cand && (end == NONE || a->demerits < B.nodes[end].demerits))
            end = B.active[k];
    }
    if (end == NONE)
        goto done;
    size_t n = 0;
    for (size_t k = end; B.nodes[k].cand != NONE; k = B.nodes[k].prev)
        n++;
    *n_out = n;
    for (size_t k = end; B.nodes[k].cand != NONE; k = B.nodes[k].prev)
        out[--n] = B.nodes[k].cand;
    rc = 1;
done:
    free(B.nodes);
    free(B.active);
    return rc;
}
