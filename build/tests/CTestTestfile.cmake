# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(test_model "/work/main/build/tests/test_model")
set_tests_properties(test_model PROPERTIES  LABELS "unit" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;27;add_test;/work/main/tests/core/tests.cmake;2;nc_add_unit;/work/main/tests/core/tests.cmake;0;;/work/main/tests/CMakeLists.txt;48;include;/work/main/tests/CMakeLists.txt;0;")
add_test(test_sink "/work/main/build/tests/test_sink")
set_tests_properties(test_sink PROPERTIES  LABELS "unit" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;27;add_test;/work/main/tests/core/tests.cmake;3;nc_add_unit;/work/main/tests/core/tests.cmake;0;;/work/main/tests/CMakeLists.txt;48;include;/work/main/tests/CMakeLists.txt;0;")
add_test(words_checker_selftest "/usr/bin/python3" "/work/main/tests/core/test_words.py")
set_tests_properties(words_checker_selftest PROPERTIES  ENVIRONMENT "NEWSCONV=/work/main/build/newsconv;PYTHON=/usr/bin/python3;SRC=/work/main;CORPUS=/work/shared/corpus;WORK=/work/main/build/tests/work/words_checker_selftest" LABELS "unit" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;35;add_test;/work/main/tests/core/tests.cmake;4;nc_add_script;/work/main/tests/core/tests.cmake;0;;/work/main/tests/CMakeLists.txt;48;include;/work/main/tests/CMakeLists.txt;0;")
add_test(golden_samples "sh" "/work/main/tests/core/golden.sh")
set_tests_properties(golden_samples PROPERTIES  ENVIRONMENT "NEWSCONV=/work/main/build/newsconv;PYTHON=/usr/bin/python3;SRC=/work/main;CORPUS=/work/shared/corpus;WORK=/work/main/build/tests/work/golden_samples" LABELS "golden" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;35;add_test;/work/main/tests/core/tests.cmake;6;nc_add_script;/work/main/tests/core/tests.cmake;0;;/work/main/tests/CMakeLists.txt;48;include;/work/main/tests/CMakeLists.txt;0;")
add_test(cli_transcripts "sh" "/work/main/tests/core/cli.sh")
set_tests_properties(cli_transcripts PROPERTIES  ENVIRONMENT "NEWSCONV=/work/main/build/newsconv;PYTHON=/usr/bin/python3;SRC=/work/main;CORPUS=/work/shared/corpus;WORK=/work/main/build/tests/work/cli_transcripts" LABELS "cli" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;35;add_test;/work/main/tests/core/tests.cmake;8;nc_add_script;/work/main/tests/core/tests.cmake;0;;/work/main/tests/CMakeLists.txt;48;include;/work/main/tests/CMakeLists.txt;0;")
