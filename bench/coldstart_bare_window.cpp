// SPDX-License-Identifier: GPL-3.0-or-later
// The yardstick of bench_coldstart: a bare QMainWindow of LeadRelay's size, linked against Qt Widgets only. Like
// the app with LEADRELAY_EXIT_AFTER_FIRST_PAINT=1, it prints "first-paint" once its first frame is out, and quits.
#include <QApplication>
#include <QEvent>
#include <QMainWindow>

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
    window.show();
    return QApplication::exec();
}
