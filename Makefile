# A thin front for the README's two commands; CMake does the building.
#   make run     build, then convert the seed article to EPUB (article.epub)
#   make check   build, run the whole test suite, then again under ASan+UBSan, then fuzz
#   make samples regenerate samples/ from the current code
#   make fuzz    run every fuzz target for FUZZ_SECONDS (long runs: FUZZ_SECONDS=3600)
#   make bench   run the benchmark (not part of check; installs pandoc and calibre)

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 20
CTEST_FLAGS ?= --output-on-failure -j $(JOBS)

.PHONY: all deps build run check test asan-test fuzz samples bench clean

all: build

deps:
	@sh .ci/deps

# The build CI ships: the single-file CLI (NC_STATIC_CLI=ON). The sanitizer
# build below tests the default, a CLI on libnewsconv.so.
build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNC_WERROR=ON -DNC_STATIC_CLI=ON >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/newsconv -t epub seeds/article.txt
	@ls -l article.epub

test: build
	ctest --test-dir $(BUILD) $(CTEST_FLAGS)

# The sanitizer build links the CLI against shared libraries: LeakSanitizer's
# suppressions (tests/tools/lsan.supp) name third-party code by its library.
asan-test: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DNC_WERROR=ON -DNC_SANITIZE=ON -DNC_STATIC_CLI=OFF >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/tools/lsan.supp:print_suppressions=0 \
	  ctest --test-dir $(ASAN_BUILD) $(CTEST_FLAGS) -LE 'valgrind|fuzz|corpus|a11y'

# The whole suite, then again under ASan+UBSan (but the corpus runs, which
# take minutes there and exercise the same code as the fixtures), then each
# fuzz target for FUZZ_SECONDS.
check: test asan-test fuzz

fuzz: deps
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

samples: build
	sh samples/regenerate.sh $(BUILD)/newsconv

bench: build
	@sh .ci/deps bench
	sh tests/bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
