// SPDX-License-Identifier: GPL-3.0-or-later
// The form's clear buttons under a desktop icon theme (issue 13, cold start under X11). Qt's generic X11 theme is
// "hicolor", which has no clear icon: Qt then searched the theme's folders twice per line edit and read its own PNG
// through the image format plugins, ~36 M instructions before the first paint. PngIconStyle asks the theme once and
// falls back to the same PNG read as PNG. Checked: no image format plugin for the first screen with such a theme, one
// icon for every field, and a theme that has the icon still draws it (and a change of theme is followed).
// One process: a plugin, once loaded, stays mapped, so the plugin check comes first.
#include "gui/LeadForm.h"
#include "gui/PngIcons.h"

#include "MappedLibraries.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

#include <sys/inotify.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace LeadRelay;
using LeadRelay::Test::mapped;

namespace
{

// An icon theme folder `name` under `root`, with an edit-clear icon or without one.
bool makeTheme(const QString &root, const QString &name, bool withClearIcon)
{
    const QString dir = root + u'/' + name;
    if (!QDir().mkpath(dir + u"/16x16/actions"_s))
        return false;
    QFile index(dir + u"/index.theme"_s);
    if (!index.open(QIODevice::WriteOnly))
        return false;
    index.write("[Icon Theme]\nName=" + name.toUtf8() +
                "\nDirectories=16x16/actions\n\n[16x16/actions]\nSize=16\nContext=Actions\nType=Fixed\n");
    if (!withClearIcon)
        return true;
    // The bytes of a PNG copied as they are: writing one with QImageWriter would load the image format plugins.
    return QFile::copy(u":/qt-project.org/styles/commonstyle/images/standardbutton-cancel-16.png"_s,
                       dir + u"/16x16/actions/edit-clear.png"_s);
}

// Whether anything opened a file or folder in `dir` since the watch began (the icon loader reads a theme's
// index.theme and lists its folders when it first looks an icon up in it).
class OpenWatch
{
public:
    explicit OpenWatch(const QString &dir)
        : m_fd(inotify_init1(IN_NONBLOCK))
    {
        if (m_fd >= 0)
            inotify_add_watch(m_fd, QFile::encodeName(dir).constData(), IN_OPEN);
    }
    ~OpenWatch()
    {
        if (m_fd >= 0)
            close(m_fd);
    }
    bool valid() const { return m_fd >= 0; }
    bool opened()
    {
        alignas(inotify_event) char buffer[4096];
        while (read(m_fd, buffer, sizeof buffer) > 0)
            m_opened = true;
        return m_opened;
    }

private:
    int m_fd = -1;
    bool m_opened = false;
};

// The clear button's action of each line edit of `form` that has one.
QList<QAction *> clearActions(const QWidget &form)
{
    QList<QAction *> found;
    const QList<QLineEdit *> edits = form.findChildren<QLineEdit *>();
    for (QLineEdit *edit : edits) {
        if (!edit->isClearButtonEnabled())
            continue;
        const QList<QAction *> actions = edit->findChildren<QAction *>(u"_q_qlineeditclearaction"_s);
        found += actions;
    }
    return found;
}
} // namespace

class TestColdStartIconTheme : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_icons;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(makeTheme(m_icons.path(), u"plain"_s, false));
        QVERIFY(makeTheme(m_icons.path(), u"withclear"_s, true));
        QIcon::setThemeSearchPaths({m_icons.path()});
        QIcon::setFallbackSearchPaths({});
        // As main.cpp does, before any window; and a theme without a clear icon, as Qt's "hicolor" under X11.
        QApplication::setStyle(new PngIconStyle(QApplication::style()));
        warmStylePixmaps();
        QIcon::setThemeName(u"plain"_s);
    }

    void themeWithoutClearIconLoadsNoImagePlugin()
    {
        OpenWatch theme(m_icons.filePath(u"plain"_s));
        QVERIFY(theme.valid());
        LeadForm form;
        form.resize(1000, 1400);
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        form.grab();
        QCOMPARE(mapped(u"/imageformats/"_s), QStringList());
        // The clear buttons are hidden while the fields are empty: the theme is not even read for the first paint.
        QVERIFY(!theme.opened());

        // main.cpp looks it up just after the first paint, so that the first character typed does not wait for it.
        warmClearButtonIcon();
        QVERIFY(theme.opened());

        // A field with text shows its clear button; Qt's own icon, read as PNG.
        auto *edit = form.findChild<QLineEdit *>(u"first_name"_s);
        QVERIFY(edit && edit->isClearButtonEnabled());
        edit->setFocus();
        QTest::keyClicks(edit, u"Ann"_s);
        QTest::qWait(400); // the clear button fades in
        form.grab();
        QCOMPARE(edit->text(), u"Ann"_s);
        QCOMPARE(mapped(u"/imageformats/"_s), QStringList());

        // One icon, read once, for every field's clear button; it is Qt's own.
        const QList<QAction *> actions = clearActions(form);
        QVERIFY2(actions.size() >= 20, qPrintable(QString::number(actions.size())));
        const qint64 key = actions.first()->icon().cacheKey();
        for (const QAction *action : actions)
            QCOMPARE(action->icon().cacheKey(), key);
        QVERIFY(!actions.first()->icon().isNull());
        QCOMPARE(actions.first()->icon().name(), QString());
    }

    void themeWithClearIconDrawsIt()
    {
        QIcon::setThemeName(u"withclear"_s);
        QLineEdit edit;
        edit.setClearButtonEnabled(true);
        const QList<QAction *> actions = edit.findChildren<QAction *>(u"_q_qlineeditclearaction"_s);
        QCOMPARE(actions.size(), 1);
        QCOMPARE(actions.first()->icon().name(), u"edit-clear"_s);

        // Back to a theme without one: Qt's own again, not the other theme's.
        QIcon::setThemeName(u"plain"_s);
        QLineEdit plain;
        plain.setClearButtonEnabled(true);
        const QList<QAction *> plainActions = plain.findChildren<QAction *>(u"_q_qlineeditclearaction"_s);
        QCOMPARE(plainActions.size(), 1);
        QVERIFY(!plainActions.first()->icon().isNull());
        QCOMPARE(plainActions.first()->icon().name(), QString());
    }
};

QTEST_MAIN(TestColdStartIconTheme)
#include "tst_coldstarticontheme.moc"
