// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace LeadRelay
{

// Turns SIGINT and SIGTERM into a clean QCoreApplication::quit() (self-pipe: the handler only writes a byte).
// One instance per process; the previous handlers are restored when it is destroyed.
class SignalQuitter : public QObject
{
    Q_OBJECT

public:
    explicit SignalQuitter(QObject *parent = nullptr);
    ~SignalQuitter() override;

    bool isInstalled() const { return m_notifier != nullptr; }

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace LeadRelay
