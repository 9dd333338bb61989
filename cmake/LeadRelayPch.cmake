# SPDX-License-Identifier: GPL-3.0-or-later
# Precompiled headers. Parsing Qt's headers is about half of each file's compile time, and CI builds the tree three
# times (asan, fuzz, ci) on two cores, so each library parses them once for all its files, and the tests share two
# precompiled headers (leadrelay_add_test). -Winvalid-pch (an error with LEADRELAY_WERROR) fails the build if a
# header is ever compiled but not used. Build with -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON to do without them.
set(LEADRELAY_PCH_CORE
    <QByteArray> <QCoreApplication> <QDateTime> <QDir> <QFile> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject>
    <QList> <QObject> <QRegularExpression> <QString> <QStringList> <QTimer> <QUrl> <QVariant>
    <functional> <memory> <optional>)
set(LEADRELAY_PCH_GUI ${LEADRELAY_PCH_CORE}
    <QAction> <QApplication> <QBoxLayout> <QCheckBox> <QComboBox> <QDialog> <QHeaderView> <QLabel> <QLineEdit>
    <QPushButton> <QSqlDatabase> <QSqlQuery> <QTableView> <QWidget>)

target_compile_options(leadrelay_options INTERFACE -Winvalid-pch)

# leadrelay_use_pch(<target> CORE|GUI [<header>...]): the target's own precompiled header of that set and more.
function(leadrelay_use_pch target set)
    target_precompile_headers(${target} PRIVATE ${LEADRELAY_PCH_${set}} ${ARGN})
endfunction()

# The tests' two shared headers: one for tests of the GUI layer, one for the rest (which all have Qt Core).
function(leadrelay_test_pch name set)
    set(anchor ${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp)
    file(CONFIGURE OUTPUT ${anchor} CONTENT "// Compiles the tests' shared precompiled header.\n")
    add_library(${name} STATIC ${anchor})
    # Not Qt Test: it defines each test folder's own QT_TESTCASE_BUILDDIR, which a shared header cannot match.
    target_link_libraries(${name} PRIVATE leadrelay_options ${ARGN})
    set_target_properties(${name} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
    leadrelay_use_pch(${name} ${set})
endfunction()
