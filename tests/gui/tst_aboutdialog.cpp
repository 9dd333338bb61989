// SPDX-License-Identifier: GPL-3.0-or-later
// Help → About: the versions a support call asks for first.
#include "LeadRelayVersion.h"
#include "gui/AboutDialog.h"

#include <QRegularExpression>
#include <QTableWidget>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

class TestAboutDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versions_data()
    {
        QTest::addColumn<QString>("component");
        QTest::addColumn<QString>("pattern");
        QTest::newRow("LeadRelay") << u"LeadRelay"_s
                                   << u"^"_s + QRegularExpression::escape(QStringLiteral(LEADRELAY_PROJECT_VERSION)) +
                                          u"( \\(git [0-9a-f]+.*\\))?$"_s;
        QTest::newRow("Qt") << u"Qt"_s << u"^"_s + QRegularExpression::escape(QString::fromLatin1(qVersion()));
        QTest::newRow("SQLite") << u"SQLite"_s << u"^3\\.\\d+\\.\\d+$"_s;
        QTest::newRow("libphonenumber") << u"libphonenumber"_s << u"^(\\d+\\.\\d+\\.\\d+.*|unknown)$"_s;
    }

    void versions()
    {
        QFETCH(QString, component);
        QFETCH(QString, pattern);
        AboutDialog dialog;
        auto *table = dialog.findChild<QTableWidget *>(u"versionTable"_s);
        QVERIFY(table);
        QString shown;
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, 0)->text() == component)
                shown = table->item(row, 1)->text();
        }
        QVERIFY2(QRegularExpression(pattern).match(shown).hasMatch(), qPrintable(component + u": "_s + shown));
        QVERIFY(AboutDialog::versionsText().contains(component + u": "_s + shown + u'\n'));
    }
};

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
