// SPDX-License-Identifier: GPL-3.0-or-later
// The icons on the first screen are PNGs rendered from their SVGs (resources/icons/prerendered, issue 13: no SVG
// engine before the first paint). An SVG edited without rendering its PNGs again fails here.
#include <QGuiApplication>
#include <QIcon>
#include <QImage>
#include <QTest>

using namespace Qt::StringLiterals;

class TestPrerenderedIcons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pngIsTheSvgAsQtDrawsIt_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QSize>("size"); // as the widget asks for it, times the suffix's scale
        QTest::newRow("training") << u"training"_s << QString() << QSize(28, 22);
        QTest::newRow("training@2x") << u"training"_s << u"@2x"_s << QSize(56, 44);
        QTest::newRow("production") << u"production"_s << QString() << QSize(28, 22);
        QTest::newRow("production@2x") << u"production"_s << u"@2x"_s << QSize(56, 44);
        QTest::newRow("warning") << u"warning"_s << QString() << QSize(20, 20);
        QTest::newRow("warning@2x") << u"warning"_s << u"@2x"_s << QSize(40, 40);
        QTest::newRow("error") << u"error"_s << QString() << QSize(16, 16);
        QTest::newRow("error@2x") << u"error"_s << u"@2x"_s << QSize(32, 32);
        QTest::newRow("pending") << u"pending"_s << QString() << QSize(16, 16);
        QTest::newRow("pending@2x") << u"pending"_s << u"@2x"_s << QSize(32, 32);
    }

    void pngIsTheSvgAsQtDrawsIt()
    {
        QFETCH(QString, name);
        QFETCH(QString, suffix);
        QFETCH(QSize, size);
        const QImage png(u":/icons/prerendered/%1%2.png"_s.arg(name, suffix));
        QVERIFY(!png.isNull());
        const QImage svg = QIcon(u":/icons/%1.svg"_s.arg(name)).pixmap(size, 1.0).toImage();
        QCOMPARE(png.size(), svg.size());
        const QImage a = png.convertToFormat(QImage::Format_ARGB32);
        const QImage b = svg.convertToFormat(QImage::Format_ARGB32);
        int worst = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
                worst = std::max({worst, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                                  std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
            }
        QVERIFY2(worst <= 2, qPrintable(u"largest channel difference %1"_s.arg(worst)));
    }

    // This test runs at a scale of 2 (main below): a high-resolution screen gets the @2x file, not a blurry one.
    void highResolutionScreenGetsTheTwoTimesFile()
    {
        QCOMPARE(qGuiApp->devicePixelRatio(), 2.0);
        const QPixmap pixmap = QIcon(u":/icons/prerendered/training.png"_s).pixmap(QSize(28, 22));
        QCOMPARE(pixmap.size(), QSize(44, 44));
        QCOMPARE(pixmap.toImage().convertToFormat(QImage::Format_ARGB32),
                 QImage(u":/icons/prerendered/training@2x.png"_s).convertToFormat(QImage::Format_ARGB32));
    }
};

int main(int argc, char *argv[])
{
    qputenv("QT_SCALE_FACTOR", "2");
    QGuiApplication app(argc, argv);
    TestPrerenderedIcons test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_prerenderedicons.moc"
