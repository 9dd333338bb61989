// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FormSection.h"
#include "core/Clock.h"
#include "store/ConsentRecord.h"

#include <QDateTime>
#include <QKeySequence>
#include <memory>

class QButtonGroup;
class QComboBox;
class QRadioButton;

namespace Ui
{
class ConsentSection;
}

namespace LeadRelay
{

// The consent script the agent reads aloud, one explicit Yes/No per question (no default answer), and when and
// by whom the answers were recorded ("Recorded 17:04 UTC by maria.g").
class ConsentSection : public FormSection
{
    Q_OBJECT

public:
    explicit ConsentSection(QWidget *parent = nullptr);
    ~ConsentSection() override;

    // The nTherm document's two questions, used when the account has no script of its own.
    static QString defaultScript();
    // The lines of a script that end with '?', without list numbering: the questions that need an answer.
    static QStringList questionsOf(const QString &script);
    // "default" for the default script, else "custom-" and a short hash of the text, so the history can tell
    // which text was read.
    static QString scriptId(const QString &script);
    // The keys that answer the focused question: Y and N in English, the translated answers' initials elsewhere.
    static QKeySequence yesKey();
    static QKeySequence noKey();

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setAgent(const QString &agent) { m_agent = agent; }
    // Empty: the default script. Answers to questions that remain are kept. Ignored while the history's scripts
    // are in use (setHistoryScripts).
    void setScript(const QString &script);
    // The history's consent scripts (newest versions). When there are any, the form reads the one in the
    // customer's language, picked beside the script (consent_language) independently of the app's language, and
    // the lead names the exact version read ("energy-es-v2") so the consent record keeps its full text.
    void setHistoryScripts(const QList<ConsentScript> &scripts);
    void setCustomerLanguage(const QString &language);
    QString customerLanguage() const;
    // The history script being read; nullopt when the account's (or the default) script is.
    std::optional<ConsentScript> historyScript() const { return m_historyScript; }
    // The text to read aloud for a history script: the disclosure, then the numbered questions.
    static QString readAloudText(const ConsentScript &script);
    QString script() const { return m_script; }

    // The record read by readFrom() is the one of an earlier submission (a lead loaded from the history): said so,
    // with its date, until the agent answers again, which records anew.
    void setRecordFromEarlierSubmission(bool earlier);

    // One Tab stop per question (its answer, or Yes while unanswered), as for any radio group.
    QList<QWidget *> tabChain() const override;
    // Where "go to the consent answers" lands: the first unanswered question, else the first.
    QWidget *firstUnanswered() const;
    void writeTo(Lead &lead) const override;
    void readFrom(const Lead &lead) override;
    void clear() override;

Q_SIGNALS:
    // The question rows were rebuilt: new buttons need their place in the tab order.
    void questionsChanged();

private:
    struct Row
    {
        QString question;
        QButtonGroup *group = nullptr;
        QRadioButton *yes = nullptr;
        QRadioButton *no = nullptr;
    };

    bool eventFilter(QObject *watched, QEvent *event) override;
    void buildRows(const QStringList &questions, bool keepAnswers);
    void updateTabStops();
    // After a keyboard answer: the next question, or the first field after the group.
    void advanceFrom(qsizetype row);
    void answered();
    void showRecorded();
    void applyHistoryScript();
    QString answerOf(const Row &row) const;

    std::unique_ptr<Ui::ConsentSection> m_ui;
    Clock m_clock = systemClock();
    QString m_agent;
    QString m_script;
    QString m_scriptId;
    QList<Row> m_rows;
    QDateTime m_recordedAt;
    QString m_recordedBy;
    bool m_recordEarlier = false;
    QList<ConsentScript> m_historyScripts;
    std::optional<ConsentScript> m_historyScript;
    QComboBox *m_language = nullptr; // made with the first history scripts
};

} // namespace LeadRelay
