# SPDX-License-Identifier: GPL-3.0-or-later
# leadrelay_add_test(<name> SOURCES <files...> LIBS <targets...> [TIMEOUT <seconds>])
# Builds one Qt Test executable and registers it with CTest, headless, with test data at hand.
function(leadrelay_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE leadrelay_options Qt6::Test ${ARG_LIBS})
    target_compile_definitions(${name} PRIVATE
        LEADRELAY_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
        LEADRELAY_BIN_DIR="${PROJECT_BINARY_DIR}/bin")
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;LEADRELAY_NTHERM_PASSWORD=;LEADRELAY_BHM_KEY=")
endfunction()
