# Robustness and security (issue 9). Label "robust"; the big inputs are
# "slow" too; "valgrind" is skipped in the sanitizer build. Every script
# iterates over `newsconv --list-formats`, so new formats are covered.
set(NC_ROBUST ${CMAKE_CURRENT_LIST_DIR})
nc_add_script(robust_hostile LABELS robust
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/hostile.py)
nc_add_script(robust_hostile_big LABELS "robust;slow" TIMEOUT 900
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/hostile.py --big)
nc_add_script(robust_outputs LABELS robust
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/outputs.py)
nc_add_script(robust_security LABELS robust
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/security.py)
nc_add_script(robust_regress LABELS robust
  COMMAND sh ${NC_ROBUST}/regress.sh)
nc_add_script(robust_valgrind LABELS "robust;valgrind" TIMEOUT 600
  COMMAND sh ${NC_ROBUST}/valgrind.sh)
set_property(TEST robust_valgrind robust_hostile_big APPEND PROPERTY ENVIRONMENT
  "NC_SANITIZED=${NC_SANITIZE}")

# The fuzz targets, built with an ordinary main() (tests/fuzz/replay.c), replay
# the seed corpus and every past finding here too: with gcc in the plain
# build, under ASan + UBSan in the sanitizer build.
include(${NC_TESTS_DIR}/fuzz/writers.cmake)
nc_registry_writers(nc_replay_writers)
set(nc_replay_targets replay_reader)
add_executable(replay_reader ${NC_TESTS_DIR}/fuzz/fuzz_reader.c
  ${NC_TESTS_DIR}/fuzz/replay.c)
foreach(sym IN LISTS nc_replay_writers)
  string(REPLACE "nc_writer_" "" w ${sym})
  add_executable(replay_${w} ${NC_TESTS_DIR}/fuzz/fuzz_writer.c
    ${NC_TESTS_DIR}/fuzz/replay.c)
  target_compile_definitions(replay_${w} PRIVATE NC_FUZZ_WRITER=${sym})
  list(APPEND nc_replay_targets replay_${w})
endforeach()
file(GLOB nc_replay_inputs CONFIGURE_DEPENDS ${NC_TESTS_DIR}/fuzz/corpus/*
  ${NC_TESTS_DIR}/regress/*)
list(FILTER nc_replay_inputs EXCLUDE REGEX "README")
foreach(t IN LISTS nc_replay_targets)
  target_compile_options(${t} PRIVATE ${NC_WARNINGS})
  target_compile_definitions(${t} PRIVATE _POSIX_C_SOURCE=200809L _DEFAULT_SOURCE)
  target_link_libraries(${t} PRIVATE newsconv_static newsconv_internal)
  add_test(NAME robust_${t} COMMAND ${t} ${nc_replay_inputs})
  set_tests_properties(robust_${t} PROPERTIES LABELS robust)
endforeach()

# An article nobody vetted (issue 17): images checked before any library
# sees them, resource paths confined to the article's folder, lists and
# joins linear; in the sanitizer build too.
add_executable(nc_make_image ${NC_ROBUST}/make_image.c)
target_compile_options(nc_make_image PRIVATE ${NC_WARNINGS})
target_link_libraries(nc_make_image PRIVATE PkgConfig::LIBPNG PkgConfig::LIBJPEG)
nc_add_script(robust_images LABELS robust TIMEOUT 300
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/untrusted.py images $<TARGET_FILE:nc_make_image>)
nc_add_script(robust_confine LABELS robust TIMEOUT 300
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/untrusted.py confine $<TARGET_FILE:nc_make_image>)
nc_add_script(robust_linear LABELS robust TIMEOUT 900
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/untrusted.py linear)
nc_add_script(robust_paragraph LABELS robust TIMEOUT 600
  COMMAND ${NC_PYTHON} ${NC_ROBUST}/untrusted.py paragraph)
set_property(TEST robust_linear robust_paragraph APPEND PROPERTY ENVIRONMENT
  "NC_SANITIZED=${NC_SANITIZE}")
nc_add_script(robust_leaks LABELS robust TIMEOUT 300
  COMMAND sh ${NC_ROBUST}/leaks.sh)
set_property(TEST robust_leaks APPEND PROPERTY ENVIRONMENT "NC_SANITIZED=${NC_SANITIZE}")
# The command line before untrusted input: signals mid-batch, names that
# are not text or hide text, strict numbers.
foreach(part signals names invisible strict)
  nc_add_script(robust_cli_${part} LABELS robust TIMEOUT 300
    COMMAND ${NC_PYTHON} ${NC_ROBUST}/cli_untrusted.py ${part})
endforeach()
# Confinement against a racing swap: the image is opened by walking down
# from its folder without following links.
nc_add_unit(test_open_beneath ${NC_ROBUST}/test_open_beneath.c)
set_tests_properties(test_open_beneath PROPERTIES LABELS "unit;robust")
