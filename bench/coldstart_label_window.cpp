// SPDX-License-Identifier: GPL-3.0-or-later
// A second, informative yardstick for bench_coldstart: coldstart_bare_window with one line of text in it. The bare
// window paints no text, so it never loads the font configuration (fontconfig reads its XML files and font caches,
// Qt builds its font database, HarfBuzz shapes the glyphs): any window with a label pays that before its first
// paint, the bare one only when it quits. The difference between the two is that floor; the goal stays the ratio
// to the bare window.
#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QMainWindow>

#include <cstdio>

namespace
{

class LabelWindow : public QMainWindow
{
protected:
    bool event(QEvent *event) override
    {
        // The same moment as coldstart_bare_window and the app (gui/FirstPaintNotifier).
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            QMetaObject::invokeMethod(
                this,
                [] {
                    std::fputs("first-paint\n", stdout);
                    std::fflush(stdout);
                    QCoreApplication::exit(0);
                },
                Qt::QueuedConnection);
        }
        return QMainWindow::event(event);
    }

private:
    bool m_painted = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    LabelWindow window;
    window.resize(1360, 940);
    window.setCentralWidget(new QLabel(QStringLiteral("First name")));
    window.show();
    return QApplication::exec();
}
