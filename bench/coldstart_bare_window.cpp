// SPDX-License-Identifier: GPL-3.0-or-later
// The yardstick of bench_coldstart: a bare QMainWindow of LeadRelay's size, linked against Qt Widgets only. Like
// the app with LEADRELAY_EXIT_AFTER_FIRST_PAINT=1, it prints "first-paint" once its first frame is out, and quits.
// Built a second time as coldstart_label_window (COLDSTART_WITH_LABEL): the same window with one line of text, an
// informative yardstick. The bare window paints no text, so it never loads the font configuration (fontconfig's XML
// files and caches, Qt's font database, HarfBuzz) before its first paint; any window with a label does. The goal
// stays the ratio to the bare window.
#include <QApplication>
#include <QEvent>
#include <QMainWindow>
#ifdef COLDSTART_WITH_LABEL
#include <QLabel>
#endif

#include <cstdio>

namespace
{

class BareWindow : public QMainWindow
{
protected:
    bool event(QEvent *event) override
    {
        // The same moment the app reports (gui/FirstPaintNotifier): after the paint and the flush that follows it.
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
    BareWindow window;
    window.resize(1360, 940);
#ifdef COLDSTART_WITH_LABEL
    window.setCentralWidget(new QLabel(QStringLiteral("First name")));
#endif
    window.show();
    return QApplication::exec();
}
