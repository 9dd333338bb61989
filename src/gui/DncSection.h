// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/CallingWindow.h"
#include "core/Clock.h"
#include "core/Lead.h"
#include "store/DncCheck.h"

#include <QFrame>

#include <functional>
#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;

namespace LeadRelay
{

class HistoryStore;

// Compliance at the desk, beside the lead: the consumer's local time against the calling window (a warning the
// agent must acknowledge before consent recorded outside it can be sent), the do-not-call lists' verdict on the
// phone, and "Customer asked not to be called". The rules live in core (CallingWindow) and the store (DncList,
// DncRegistry); this widget only shows them and keeps the acknowledgment.
class DncSection : public QFrame
{
    Q_OBJECT

public:
    struct Services
    {
        HistoryStore *store = nullptr;
        std::shared_ptr<const DncRegistry> registry; // may be null: no registry list on this desk
        CallingRules rules = CallingRules::builtIn();
        Clock clock = systemClock();
        std::function<QString()> agent;
    };

    explicit DncSection(Services services, QWidget *parent = nullptr);

    // Re-reads the lead's address, phone and consent time (cheap: the lists are read when the phone changes).
    void refresh(const Lead &lead);
    // New lead: the acknowledgment goes.
    void clear();
    // The check as the consent record keeps it: at the moment consent was recorded (else now), with the agent's
    // acknowledgment when it was given.
    CallingWindowCheck callingWindow() const;
    DncCheck dncCheck() const { return m_dnc; }
    // False while consent was recorded outside the window and the agent has not acknowledged the warning.
    bool mayRecordConsent() const;
    void focusAcknowledgment();
    // For the status bar: registry lists older than DncRegistry::StaleAfterDays, and a rules file that was not
    // used. Empty when all is well.
    static QString statusText(const DncRegistry &registry, QDate today, const QString &rulesError);

Q_SIGNALS:
    void doNotCallRecorded(const QString &phone);

private:
    void recordDoNotCall();
    void showWindow();
    void showDnc();

    Services m_services;
    CallingWindow m_window;
    CallingWindowCheck m_check;
    DncCheck m_dnc;
    bool m_consentRecorded = false;
    bool m_addressEmpty = true; // no state and no ZIP typed yet: nothing to warn about
    QString m_ackKey;           // what the acknowledgment was given for: state, ZIP and consent time
    QDateTime m_ackAt;
    QLabel *m_windowLabel;
    QCheckBox *m_ack;
    QLabel *m_dncLabel;
    QPushButton *m_askedNotToCall;
};

} // namespace LeadRelay
