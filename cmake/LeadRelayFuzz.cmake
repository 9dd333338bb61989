# SPDX-License-Identifier: GPL-3.0-or-later
# leadrelay_add_fuzzer(<name> SOURCES <files...> LIBS <targets...> [DICT <file>])
# Builds one libFuzzer executable and registers it with CTest (label "fuzz"): it runs for
# LEADRELAY_FUZZ_SECONDS from its seed corpus (fuzz/seeds at configure time, see fuzz/CMakeLists.txt) and fails on
# any report (crash, sanitizer error, leak, timeout, out of memory).
#
# The project libraries get -fsanitize=fuzzer-no-link from the fuzz preset's CMAKE_CXX_FLAGS so the fuzzer sees
# their coverage; only these executables link libFuzzer's main.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "The fuzz targets need clang with libFuzzer (Debian: clang-14, libclang-rt-14-dev); "
                        "configure them with: cmake --preset fuzz")
endif()

set(LEADRELAY_FUZZ_SECONDS 30 CACHE STRING "How long CTest runs each fuzz target (-max_total_time)")
# Past findings (fuzz/findings/<target without fuzz_>/) replayed first in every run, so a fixed defect stays fixed.
# Off until the fixes for the findings recorded there are merged: a short run does not always find them again.
option(LEADRELAY_FUZZ_REPLAY_FINDINGS "Replay fuzz/findings at the start of each fuzz run" ON)

add_custom_target(leadrelay_fuzzers)

function(leadrelay_add_fuzzer name)
    cmake_parse_arguments(ARG "" "DICT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_libraries(${name} PRIVATE leadrelay_options ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
    add_dependencies(leadrelay_fuzzers ${name})

    # libFuzzer writes what it learns into the first directory and only reads the others, so the seeds stay as
    # generated and the working corpus grows from run to run inside the build tree.
    set(seeds ${PROJECT_BINARY_DIR}/fuzz/seeds/${name})
    set(corpus ${PROJECT_BINARY_DIR}/fuzz/corpus/${name})
    set(artifacts ${PROJECT_BINARY_DIR}/fuzz/artifacts/${name})
    file(MAKE_DIRECTORY ${corpus} ${artifacts})
    set(options -max_total_time=${LEADRELAY_FUZZ_SECONDS} -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
                -artifact_prefix=${artifacts}/)
    if(ARG_DICT)
        list(APPEND options -dict=${PROJECT_SOURCE_DIR}/fuzz/${ARG_DICT})
    endif()
    set(inputs ${corpus} ${seeds})
    string(REGEX REPLACE "^fuzz_" "" short ${name})
    if(LEADRELAY_FUZZ_REPLAY_FINDINGS AND IS_DIRECTORY ${PROJECT_SOURCE_DIR}/fuzz/findings/${short})
        list(APPEND inputs ${PROJECT_SOURCE_DIR}/fuzz/findings/${short})
    endif()
    add_test(NAME ${name} COMMAND ${name} ${options} ${inputs})
    math(EXPR timeout "${LEADRELAY_FUZZ_SECONDS} + 120")
    set_tests_properties(${name} PROPERTIES
        LABELS fuzz
        TIMEOUT ${timeout}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8")
endfunction()

# leadrelay_fuzz_seed(<fuzzer> <file name> <content>): one generated seed input.
function(leadrelay_fuzz_seed fuzzer name content)
    file(WRITE ${PROJECT_BINARY_DIR}/fuzz/seeds/${fuzzer}/${name} "${content}")
endfunction()

# leadrelay_fuzz_seed_files(<fuzzer> [PREFIX <text>] [NAME_PREFIX <text>] FILES <files...>): seeds copied from
# tests/data, each optionally preceded by PREFIX (for targets whose input starts with a header line) and named
# <NAME_PREFIX><folder>-<file>. Re-copied when a file changes.
function(leadrelay_fuzz_seed_files fuzzer)
    cmake_parse_arguments(ARG "" "PREFIX;NAME_PREFIX" "FILES" ${ARGN})
    foreach(file IN LISTS ARG_FILES)
        get_filename_component(dir ${file} DIRECTORY)
        get_filename_component(base ${file} NAME)
        get_filename_component(parent ${dir} NAME)
        set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
        file(READ ${file} content)
        leadrelay_fuzz_seed(${fuzzer} "${ARG_NAME_PREFIX}${parent}-${base}" "${ARG_PREFIX}${content}")
    endforeach()
endfunction()
