// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsentSection.h"

#include "FieldFeedback.h"
#include "ui_ConsentSection.h"

#include <QButtonGroup>
#include <QCryptographicHash>
#include <QLabel>
#include <QRadioButton>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace LeadRelay
{

ConsentSection::ConsentSection(QWidget *parent)
    : FormSection(parent)
    , m_ui(std::make_unique<Ui::ConsentSection>())
{
    m_ui->setupUi(this);
    setObjectName(u"consent_section"_s);
    m_ui->consent_questions->setAccessibleName(tr("Consent answers"));
    // The questions are the focus target for "jump to field"; the hint carries the required mark.
    bind(Key::Consent, m_ui->consent_questions, m_ui->consent_script_hint, m_ui->consent_message);
    setScript({});
    showRecorded();
}

ConsentSection::~ConsentSection() = default;

QString ConsentSection::defaultScript()
{
    // The vendor's own wording: these exact questions are sent with the lead, so they are not translated.
    return u"Do you consent to be contacted?\nDo you agree to the terms and conditions?"_s;
}

QStringList ConsentSection::questionsOf(const QString &script)
{
    static const QRegularExpression numbering(u"^\\s*(\\d+[.)]|[-*•])\\s*"_s);
    QStringList questions;
    QStringList lines;
    for (QString line : script.split(u'\n')) {
        line = line.trimmed();
        line.remove(numbering);
        if (line.isEmpty())
            continue;
        lines << line;
        if (line.endsWith(u'?'))
            questions << line;
    }
    // A script with a spoken introduction marks its questions with '?'; otherwise every line is a question
    // (the settings' format).
    return questions.isEmpty() ? lines : questions;
}

QString ConsentSection::scriptId(const QString &script)
{
    if (script.trimmed().isEmpty() || questionsOf(script) == questionsOf(defaultScript()))
        return u"default"_s;
    const QByteArray hash = QCryptographicHash::hash(script.toUtf8(), QCryptographicHash::Sha256).toHex();
    return u"custom-"_s + QString::fromLatin1(hash.left(8));
}

void ConsentSection::setScript(const QString &script)
{
    const QString text = script.trimmed().isEmpty() ? defaultScript() : script;
    if (text == m_script && !m_rows.isEmpty())
        return;
    m_script = text;
    m_scriptId = scriptId(script);
    m_ui->consent_script_text->setText(text);
    QStringList questions = questionsOf(text);
    if (questions.isEmpty())
        questions = questionsOf(defaultScript());
    buildRows(questions, true);
}

void ConsentSection::buildRows(const QStringList &questions, bool keepAnswers)
{
    // Keep answers to questions that survive a script change; the agent should not have to ask twice.
    QHash<QString, QString> previous;
    if (keepAnswers)
        for (const Row &row : std::as_const(m_rows))
            previous.insert(row.question, answerOf(row));
    QLayout *grid = m_ui->consent_questions->layout();
    while (QLayoutItem *item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (const Row &row : std::as_const(m_rows))
        delete row.group;
    m_rows.clear();

    auto *layout = static_cast<QGridLayout *>(grid);
    int index = 0;
    for (const QString &question : questions) {
        ++index;
        Row row;
        row.question = question;
        auto *label = new QLabel(question, m_ui->consent_questions);
        label->setWordWrap(true);
        label->setObjectName(u"consent_%1_question"_s.arg(index));
        row.yes = new QRadioButton(tr("Yes"), m_ui->consent_questions);
        row.no = new QRadioButton(tr("No"), m_ui->consent_questions);
        row.yes->setObjectName(u"consent_%1_yes"_s.arg(index));
        row.no->setObjectName(u"consent_%1_no"_s.arg(index));
        row.yes->setAccessibleName(question + u' ' + tr("Yes"));
        row.no->setAccessibleName(question + u' ' + tr("No"));
        row.group = new QButtonGroup(this);
        row.group->addButton(row.yes);
        row.group->addButton(row.no);
        const QString before = previous.value(question);
        row.yes->setChecked(before == u"Yes"_s);
        row.no->setChecked(before == u"No"_s);
        connect(row.group, &QButtonGroup::buttonClicked, this, [this] { answered(); });
        layout->addWidget(label, index - 1, 0);
        layout->addWidget(row.yes, index - 1, 1);
        layout->addWidget(row.no, index - 1, 2);
        m_rows << row;
    }
    Q_EMIT questionsChanged();
}

QString ConsentSection::answerOf(const Row &row) const
{
    if (row.yes->isChecked())
        return u"Yes"_s;
    if (row.no->isChecked())
        return u"No"_s;
    return {};
}

void ConsentSection::answered()
{
    const bool complete =
        std::all_of(m_rows.cbegin(), m_rows.cend(), [this](const Row &row) { return !answerOf(row).isEmpty(); });
    // The moment of record is when the last answer is given (or changed), never typed.
    m_recordEarlier = false;
    if (complete) {
        m_recordedAt = m_clock().toUTC();
        m_recordedBy = m_agent;
    } else {
        m_recordedAt = {};
        m_recordedBy.clear();
    }
    showRecorded();
    Q_EMIT edited(Key::Consent);
    Q_EMIT left(Key::Consent);
}

void ConsentSection::showRecorded()
{
    if (!m_recordedAt.isValid()) {
        m_ui->consent_recorded->setText(tr("Not recorded yet: answer every question."));
        return;
    }
    if (m_recordEarlier) {
        const QString when = m_recordedAt.toLocalTime().toString(u"yyyy-MM-dd HH:mm"_s);
        m_ui->consent_recorded->setText(
            m_recordedBy.isEmpty()
                ? tr("Consent recorded %1 (from the earlier submission)").arg(when)
                : tr("Consent recorded %1 by %2 (from the earlier submission)").arg(when, m_recordedBy));
        return;
    }
    const QString time = m_recordedAt.toUTC().toString(u"HH:mm"_s);
    m_ui->consent_recorded->setText(m_recordedBy.isEmpty() ? tr("Recorded %1 UTC").arg(time)
                                                           : tr("Recorded %1 UTC by %2").arg(time, m_recordedBy));
}

void ConsentSection::setRecordFromEarlierSubmission(bool earlier)
{
    m_recordEarlier = earlier;
    showRecorded();
}

QList<QWidget *> ConsentSection::tabChain() const
{
    QList<QWidget *> chain;
    for (const Row &row : m_rows)
        chain << row.yes << row.no;
    return chain;
}

void ConsentSection::writeTo(Lead &lead) const
{
    const bool anyAnswer =
        std::any_of(m_rows.cbegin(), m_rows.cend(), [this](const Row &row) { return !answerOf(row).isEmpty(); });
    lead.consent.clear();
    if (anyAnswer)
        for (const Row &row : m_rows)
            lead.consent << ConsentAnswer{row.question, answerOf(row)};
    lead.consentScript = anyAnswer ? m_scriptId : QString();
    lead.consentRecordedAt = m_recordedAt;
    if (m_recordedAt.isValid() && !m_recordedBy.isEmpty())
        lead.agent = m_recordedBy;
}

void ConsentSection::readFrom(const Lead &lead)
{
    // A restored lead keeps the questions that were actually read, even if the script changed since.
    QStringList questions;
    for (const ConsentAnswer &answer : lead.consent)
        questions << answer.question;
    if (questions.isEmpty())
        questions = questionsOf(m_script);
    buildRows(questions, false);
    for (qsizetype i = 0; i < m_rows.size() && i < lead.consent.size(); ++i) {
        m_rows[i].yes->setChecked(lead.consent.at(i).answer == u"Yes"_s);
        m_rows[i].no->setChecked(lead.consent.at(i).answer == u"No"_s);
    }
    if (!lead.consentScript.isEmpty())
        m_scriptId = lead.consentScript;
    m_recordedAt = lead.consentRecordedAt;
    m_recordedBy = lead.consentRecordedAt.isValid() ? lead.agent : QString();
    m_recordEarlier = false;
    showRecorded();
}

void ConsentSection::clear()
{
    FormSection::clear();
    QStringList questions = questionsOf(m_script);
    if (questions.isEmpty())
        questions = questionsOf(defaultScript());
    buildRows(questions, false);
    m_scriptId = scriptId(m_script);
    m_recordedAt = {};
    m_recordedBy.clear();
    m_recordEarlier = false;
    showRecorded();
}

} // namespace LeadRelay
