// SPDX-License-Identifier: GPL-3.0-or-later
// The form's issue colours without a form-wide style sheet (issue 13: the style sheet engine over every widget was
// a third of the cold start). A fresh form keeps Qt's own style on every widget; a field with an error or a
// warning still gets its coloured frame, and a mailing address locked to the service address still looks locked.
#include "gui/LeadForm.h"
#include "vendors/Vendor.h"

#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace LeadRelay;

namespace
{
bool usesStyleSheetEngine(const QWidget *widget)
{
    return widget->style()->inherits("QStyleSheetStyle");
}

// How many pixels of the widget, as painted, have exactly this colour.
int pixelsOf(QWidget *widget, const QColor &colour)
{
    const QImage image = widget->grab().toImage().convertToFormat(QImage::Format_RGB32);
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            count += image.pixelColor(x, y) == colour;
    return count;
}
} // namespace

class TestFormStyle : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<LeadForm> m_form;

    QLineEdit *edit(const QString &key) const { return m_form->findChild<QLineEdit *>(key); }

private Q_SLOTS:
    void init()
    {
        m_form = std::make_unique<LeadForm>();
        m_form->setVendor(vendorById(u"ntherm"_s));
        m_form->resize(1300, 900);
        m_form->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_form.get()));
    }

    void cleanup() { m_form.reset(); }

    void freshFormUsesQtsOwnStyle()
    {
        const QList<QWidget *> widgets = m_form->findChildren<QWidget *>();
        QVERIFY(widgets.size() > 50);
        for (const QWidget *widget : widgets)
            QVERIFY2(!usesStyleSheetEngine(widget), qPrintable(widget->objectName()));
    }

    void issueColoursTheFrame_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QColor>("frame");
        QTest::newRow("error") << u"ip"_s << int(Severity::Error) << u"error"_s << QColor(0xc6, 0x28, 0x28);
        QTest::newRow("warning") << u"source_url"_s << int(Severity::Warning) << u"warning"_s
                                 << QColor(0xe0, 0xa0, 0x00);
    }

    void issueColoursTheFrame()
    {
        QFETCH(QString, key);
        QFETCH(int, severity);
        QFETCH(QString, state);
        QFETCH(QColor, frame);
        QLineEdit *input = edit(key);
        QVERIFY(input);
        QCOMPARE(pixelsOf(input, frame), 0);

        m_form->setVendorIssues({FieldIssue{key, Severity(severity), u"The vendor says no."_s}});
        QCOMPARE(input->property("issue").toString(), state);
        // A 2-pixel frame around the whole field.
        QVERIFY2(pixelsOf(input, frame) > 2 * (input->width() + input->height()),
                 qPrintable(QString::number(pixelsOf(input, frame))));
        // Its message under the field gets the rules too; a field without an issue keeps Qt's own look. (The vendor's
        // issue reveals all of nTherm's empty required fields too; the optional ones, like sub1, stay clean.)
        QVERIFY(usesStyleSheetEngine(m_form->findChild<QLabel *>(key + u"_message"_s)));
        QCOMPARE(edit(u"sub1"_s)->property("issue").toString(), QString());
        QCOMPARE(pixelsOf(edit(u"sub1"_s), frame), 0);
        QVERIFY(!usesStyleSheetEngine(edit(u"sub1"_s)));

        // Once corrected, the field looks like any other again.
        m_form->setVendorIssues({});
        QCOMPARE(input->property("issue").toString(), QString());
        QCOMPARE(pixelsOf(input, frame), 0);
    }

    void lockedMailingCopyHasTheWindowsBackground()
    {
        QLineEdit *mailing = edit(u"mailing_street"_s);
        QVERIFY(mailing);
        const QColor window = mailing->palette().color(QPalette::Window);
        const QColor base = mailing->palette().color(QPalette::Base);
        QVERIFY(window != base);
        const QPoint inside(mailing->width() / 2, mailing->height() / 2);
        QCOMPARE(mailing->grab().toImage().pixelColor(inside), base);

        VendorAccount account;
        account.vendorId = u"ntherm"_s;
        m_form->applyAccount(account, true);
        QVERIFY(mailing->isReadOnly());
        QCOMPARE(mailing->grab().toImage().pixelColor(inside), window);
    }
};

QTEST_MAIN(TestFormStyle)
#include "tst_formstyle.moc"
