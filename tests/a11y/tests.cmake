# Accessibility (issue 20): Ace by DAISY and axe-core on every EPUB and HTML
# page of the seed, the reader cases and the corpus fixtures (in chromium:
# about 80 s of CPU), and the schema.org JSON-LD against the document model.
# The checkers come from npm (tests/a11y/package-lock.json, installed by
# .ci/deps); the ASan run leaves them out (label a11y): they judge the
# output, which does not change under a sanitizer.
nc_add_script(a11y_checkers LABELS "a11y;validate;slow" TIMEOUT 900
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/a11y.py)
nc_add_script(a11y_jsonld LABELS "a11y;validate"
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/jsonld.py)
