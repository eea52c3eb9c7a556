#include "newsconv.h"

const char *nc_version(void) { return NC_VERSION_STRING; }
