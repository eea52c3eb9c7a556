# The embeddable library (issue 8). Label "api" on all; test_api and
# api_threads are also "unit"; the Helgrind run is "valgrind" (and "slow").
# test_api and api_threads see what an embedding program sees: the public
# header and the shared library, nothing else.
foreach(t test_api api_threads)
  add_executable(${t} ${CMAKE_CURRENT_LIST_DIR}/${t}.c)
  target_include_directories(${t} PRIVATE ${CMOCKA_INCLUDE_DIR})
  target_compile_options(${t} PRIVATE ${NC_WARNINGS})
  target_compile_definitions(${t} PRIVATE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE
    NC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" NC_PROJECT_VERSION="${PROJECT_VERSION}")
  target_link_libraries(${t} PRIVATE newsconv_shared ${CMOCKA_LIBRARY} Threads::Threads)
  add_test(NAME ${t} COMMAND ${t})
  set_tests_properties(${t} PROPERTIES LABELS "api;unit")
  if(NC_SANITIZE)
    set_tests_properties(${t} PROPERTIES ENVIRONMENT
      "LSAN_OPTIONS=suppressions=${NC_TESTS_DIR}/tools/lsan.supp")
  endif()
endforeach()

find_program(NC_VALGRIND valgrind)
if(NC_VALGRIND AND NOT NC_SANITIZE)
  add_test(NAME api_threads_helgrind COMMAND ${NC_VALGRIND} --tool=helgrind --error-exitcode=1
    -q $<TARGET_FILE:api_threads> --quick)
  set_tests_properties(api_threads_helgrind PROPERTIES LABELS "api;valgrind;slow" TIMEOUT 120)
endif()

# What the scripts need besides nc_add_script's environment.
set(NC_API_ENV "CMAKE=${CMAKE_COMMAND}" "BUILD=${PROJECT_BINARY_DIR}"
  "LIBNEWSCONV=$<TARGET_FILE:newsconv_shared>" "CC=${CMAKE_C_COMPILER}"
  "SAMPLE_FLAGS=$<$<BOOL:${NC_SANITIZE}>:-fsanitize=address,undefined>")
foreach(t install headers symbols man)
  nc_add_script(api_${t} LABELS api COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/${t}.sh)
  set_property(TEST api_${t} APPEND PROPERTY ENVIRONMENT ${NC_API_ENV})
endforeach()
set_tests_properties(api_install PROPERTIES TIMEOUT 120)

# libzip, libharu and libunibreak are dlopen()ed on first use (src/base/dynlib.c): the loader
# itself, and the CLI with the libraries absent from its dependencies and
# then made unloadable.
nc_add_unit(test_dynlib ${CMAKE_CURRENT_LIST_DIR}/test_dynlib.c)
set_tests_properties(test_dynlib PROPERTIES LABELS "api;unit")
nc_add_script(api_lazy_libs LABELS "api;cli" COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/lazy_libs.sh)
set_property(TEST api_lazy_libs APPEND PROPERTY ENVIRONMENT ${NC_API_ENV}
  "NC_LIBZIP_SONAME=${NC_LIBZIP_SONAME}" "NC_LIBHPDF_SONAME=${NC_LIBHPDF_SONAME}"
  "NC_LIBUNIBREAK_SONAME=${NC_LIBUNIBREAK_SONAME}" "NC_STATIC_CLI=${NC_STATIC_CLI}")
