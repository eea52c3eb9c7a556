# The writer symbols of formats/registry.c, read from its table at configure
# time, so that a new row gets its fuzz target (and replay test) without an
# edit here. Each row reads "&nc_writer_NAME,".
function(nc_registry_writers out)
  set(registry ${PROJECT_SOURCE_DIR}/formats/registry.c)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${registry})
  file(STRINGS ${registry} rows REGEX "^[ \t]*&nc_writer_[A-Za-z0-9_]+[ \t]*,")
  set(symbols "")
  foreach(row IN LISTS rows)
    string(REGEX MATCH "nc_writer_[A-Za-z0-9_]+" sym "${row}")
    list(APPEND symbols ${sym})
  endforeach()
  if(NOT symbols)
    message(FATAL_ERROR "no writer rows found in ${registry}")
  endif()
  set(${out} ${symbols} PARENT_SCOPE)
endfunction()
