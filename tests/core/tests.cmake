# The foundation: model, sinks, the word checker itself, golden files, CLI.
nc_add_unit(test_model ${CMAKE_CURRENT_LIST_DIR}/test_model.c)
nc_add_unit(test_sink ${CMAKE_CURRENT_LIST_DIR}/test_sink.c)
# The growing arrays' one helper.
nc_add_unit(test_reserve ${CMAKE_CURRENT_LIST_DIR}/test_reserve.c)
target_include_directories(test_reserve PRIVATE ${PROJECT_SOURCE_DIR}/src/base)
if(NC_SANITIZE)
  # It asks realloc for sizes no allocator gives; ASan's aborts unless told to fail.
  set_tests_properties(test_reserve PROPERTIES ENVIRONMENT "ASAN_OPTIONS=allocator_may_return_null=1")
endif()
nc_add_script(words_checker_selftest LABELS unit
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/test_words.py)
nc_add_script(golden_samples LABELS golden
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/golden.sh)
nc_add_script(cli_transcripts LABELS cli
  COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/cli.sh)
nc_add_script(format_options_documented LABELS cli
  COMMAND ${NC_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/options_documented.py)
nc_add_script(functions_under_100_lines LABELS unit
  COMMAND ${NC_PYTHON} ${NC_TESTS_DIR}/tools/function_length.py)
