# The html writer: its page as Chromium renders and prints it.
nc_add_script(html_chromium LABELS "validate;slow" TIMEOUT 120
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/chromium.sh)
