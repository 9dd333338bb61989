# SPDX-License-Identifier: GPL-3.0-or-later
# cmake -DCLI=<leadrelay-cli> -DOUTPUT=<file> -P CliCommands.cmake
# Writes a help2man include file with a COMMANDS section: each command's own --help, verbatim.
set(text "[COMMANDS]\n")
foreach(command submit history simulate callbacks)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE= ${CLI} ${command} --help
        OUTPUT_VARIABLE help
        RESULT_VARIABLE result)
    if(NOT result EQUAL 0 OR help STREQUAL "")
        message(FATAL_ERROR "${CLI} ${command} --help failed (${result})")
    endif()
    # roff: a backslash is written \e, and a line may not start with a control character.
    string(REPLACE "\\" "\\e" help "${help}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
    string(APPEND text ".SS \"leadrelay-cli ${command}\"\n.nf\n${help}\n.fi\n")
endforeach()
file(WRITE ${OUTPUT} "${text}")
