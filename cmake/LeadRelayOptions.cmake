# SPDX-License-Identifier: GPL-3.0-or-later
# One INTERFACE target carries the language standard, warnings and Qt strictness; every target links it.
add_library(leadrelay_options INTERFACE)
target_compile_features(leadrelay_options INTERFACE cxx_std_20)
target_compile_options(leadrelay_options INTERFACE -Wall -Wextra -Wpedantic $<$<BOOL:${LEADRELAY_WERROR}>:-Werror>)
target_compile_definitions(leadrelay_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER)
target_include_directories(leadrelay_options INTERFACE ${PROJECT_SOURCE_DIR}/src)
