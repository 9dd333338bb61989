# SPDX-License-Identifier: GPL-3.0-or-later
# The version both programs print (--version, Help → About): project(VERSION), plus `git describe --always --dirty`
# when configured from a git checkout, so a support call can tell a release from a developer's build. Read at
# configure time (re-run cmake to refresh the -dirty mark); a source tarball without .git gets the bare version.
#
# libphonenumber has no version API and its headers carry no version macro, so the version shown is the one of the
# Debian package the build compiled against (dpkg-query on libphonenumber-dev), "unknown" where dpkg is absent.
# The runtime library's soname (libphonenumber.so.8) pins the same major version.
set(LEADRELAY_VERSION_TEXT ${PROJECT_VERSION})
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS ${PROJECT_SOURCE_DIR}/.git)
    execute_process(COMMAND ${GIT_EXECUTABLE} describe --always --dirty
        WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
        OUTPUT_VARIABLE git_describe
        RESULT_VARIABLE git_result
        OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET)
    if(git_result EQUAL 0 AND git_describe)
        set(LEADRELAY_VERSION_TEXT "${PROJECT_VERSION} (git ${git_describe})")
    endif()
endif()

set(LEADRELAY_PHONENUMBER_VERSION unknown)
find_program(DPKG_QUERY dpkg-query)
if(DPKG_QUERY)
    execute_process(COMMAND ${DPKG_QUERY} -W -f=\${Version} libphonenumber-dev
        OUTPUT_VARIABLE phonenumber_version
        RESULT_VARIABLE phonenumber_result
        OUTPUT_STRIP_TRAILING_WHITESPACE
        ERROR_QUIET)
    if(phonenumber_result EQUAL 0 AND phonenumber_version)
        set(LEADRELAY_PHONENUMBER_VERSION "${phonenumber_version}")
    endif()
endif()
message(STATUS "LeadRelay version: ${LEADRELAY_VERSION_TEXT}; libphonenumber ${LEADRELAY_PHONENUMBER_VERSION}")

# Only the files that include the header are rebuilt when the version text changes (configure_file keeps the file
# untouched when its content is the same).
configure_file(${CMAKE_CURRENT_LIST_DIR}/LeadRelayVersion.h.in ${PROJECT_BINARY_DIR}/generated/LeadRelayVersion.h @ONLY)
add_library(leadrelay_version INTERFACE)
target_include_directories(leadrelay_version INTERFACE ${PROJECT_BINARY_DIR}/generated)
