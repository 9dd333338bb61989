// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Outcome.h"

#include <QFrame>

#include <memory>

namespace Ui
{
class OutcomeBanner;
}

namespace LeadRelay
{

// What became of the lead, in a form that cannot be misread: each state has its own icon, colour AND words
// (sold is billable; accepted is preliminary; delivery unknown means check with the vendor before resending),
// followed by the vendor's own messages. Also shows the busy state while sending.
class OutcomeBanner : public QFrame
{
    Q_OBJECT

public:
    explicit OutcomeBanner(QWidget *parent = nullptr);
    ~OutcomeBanner() override;

    void showSending(const QString &vendorName);
    // finalReported: whether the vendor will tell LeadRelay the final result (a callback receiver is set up).
    // training: the simulator answered; nothing is billed, and the words must not say otherwise.
    void showOutcome(const Outcome &outcome, const QString &vendorName, bool finalReported, bool training = false);
    // Problems found before anything was sent (history not writable, configuration, duplicate declined).
    void showProblem(const QString &stateKey, const QString &title, const QString &detail);
    void clearBanner();

    // "sold", "accepted", ... (outcomeStateKey), "sending", or a local key ("local_invalid", "config_error", ...).
    QString stateKey() const { return m_state; }
    QString title() const;
    QString detail() const;
    bool isBusy() const;
    // After a lead was taken: the focus on "New lead", so the agent's next keys start the next lead.
    void focusNewLead();

    // The texts of one state, shared with tests and the history's wording.
    static QString titleFor(OutcomeState state, bool final, const QString &vendorName, bool training = false);
    // The outcome in ordinary words, for a sentence: "sold", "rejected", "accepted, not sold".
    static QString plainWordFor(OutcomeState state);
    static QString explanationFor(OutcomeState state, bool final, bool finalReported, const QString &vendorName);

Q_SIGNALS:
    void newLeadRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void present(const QString &stateKey, const QString &icon, const QString &colours, const QString &title,
                 const QString &detail, bool offerNewLead, bool busy);

    std::unique_ptr<Ui::OutcomeBanner> m_ui;
    QString m_state;
};

} // namespace LeadRelay
