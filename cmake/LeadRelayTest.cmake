# SPDX-License-Identifier: GPL-3.0-or-later
# leadrelay_add_test(<name> SOURCES <files...> LIBS <targets...> [TIMEOUT <seconds>])
# Builds one Qt Test executable and registers it with CTest, headless, with test data at hand.
# POSTGRES_ONLY: registered only against the PostgreSQL test cluster (leadrelay_add_pg_test()).
function(leadrelay_add_test name)
    cmake_parse_arguments(ARG "POSTGRES_ONLY" "TIMEOUT" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE leadrelay_options Qt6::Test ${ARG_LIBS})
    if(leadrelay_gui IN_LIST ARG_LIBS)
        target_precompile_headers(${name} REUSE_FROM leadrelay_test_pch_gui)
    else()
        target_precompile_headers(${name} REUSE_FROM leadrelay_test_pch_core)
    endif()
    target_compile_definitions(${name} PRIVATE
        LEADRELAY_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
        LEADRELAY_BIN_DIR="${PROJECT_BINARY_DIR}/bin")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    if(ARG_POSTGRES_ONLY)
        leadrelay_add_pg_test(${name} ${name} TIMEOUT ${ARG_TIMEOUT})
        return()
    endif()
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;LEADRELAY_NTHERM_PASSWORD=;LEADRELAY_BHM_KEY=")
endfunction()

# leadrelay_add_pg_test(<name> <executable> [TIMEOUT <seconds>])
# Runs an already built test executable again against the throwaway PostgreSQL cluster of the "postgres"
# fixture (tests/pg/pg-cluster.sh): LEADRELAY_TEST_BACKEND=postgresql, and the superuser's URI in the file
# named by LEADRELAY_TEST_PG_URI_FILE.
function(leadrelay_add_pg_test name executable)
    cmake_parse_arguments(ARG "" "TIMEOUT" "" ${ARGN})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    add_test(NAME ${name} COMMAND ${executable})
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        FIXTURES_REQUIRED postgres
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;LEADRELAY_NTHERM_PASSWORD=;LEADRELAY_BHM_KEY=;LEADRELAY_TEST_BACKEND=postgresql;LEADRELAY_TEST_PG_URI_FILE=${LEADRELAY_PG_STATE}")
endfunction()
