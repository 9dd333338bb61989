// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsentSection.h"

#include "AppSettings.h"
#include "FieldFeedback.h"
#include "ui_ConsentSection.h"

#include <QApplication>
#include <QButtonGroup>
#include <QComboBox>
#include <QCryptographicHash>
#include <QHBoxLayout>
#include <QKeyEvent>
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
    // The group is one field: an unanswered question is reported when the focus leaves the group (or on a send),
    // not on the Tab from question 1 to question 2, where the agent is about to answer it.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *old, QWidget *now) {
        const QWidget *group = m_ui->consent_questions;
        if (old && now && group->isAncestorOf(old) && !group->isAncestorOf(now))
            Q_EMIT left(Key::Consent);
    });
}

ConsentSection::~ConsentSection() = default;

QString ConsentSection::defaultScript()
{
    // One text for the form and Settings: the agent's language, as read aloud (AppSettings explains).
    return AppSettings::defaultConsentScript();
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
    if (m_historyScript)
        return;
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
        // Answering by keyboard without hunting for the other button: Y or N answers and moves on.
        const QString keys =
            tr("Press %1 for yes or %2 for no; the next question follows.")
                .arg(yesKey().toString(QKeySequence::NativeText), noKey().toString(QKeySequence::NativeText));
        for (QRadioButton *button : {row.yes, row.no}) {
            button->setAccessibleDescription(keys);
            button->setToolTip(keys);
            button->installEventFilter(this);
        }
        row.group = new QButtonGroup(this);
        row.group->addButton(row.yes);
        row.group->addButton(row.no);
        const QString before = previous.value(question);
        row.yes->setChecked(before == u"Yes"_s);
        row.no->setChecked(before == u"No"_s);
        connect(row.group, &QButtonGroup::buttonClicked, this, [this] {
            answered();
            updateTabStops();
        });
        layout->addWidget(label, index - 1, 0);
        layout->addWidget(row.yes, index - 1, 1);
        layout->addWidget(row.no, index - 1, 2);
        m_rows << row;
    }
    updateTabStops();
}

void ConsentSection::updateTabStops()
{
    for (const Row &row : std::as_const(m_rows)) {
        const bool noStops = row.no->isChecked();
        row.yes->setFocusPolicy(noStops ? Qt::ClickFocus : Qt::StrongFocus);
        row.no->setFocusPolicy(noStops ? Qt::StrongFocus : Qt::ClickFocus);
    }
    Q_EMIT questionsChanged();
}

QWidget *ConsentSection::firstUnanswered() const
{
    for (const Row &row : m_rows)
        if (answerOf(row).isEmpty())
            return row.yes;
    return m_rows.isEmpty()
               ? nullptr
               : static_cast<QWidget *>(m_rows.first().yes->isChecked() ? m_rows.first().yes : m_rows.first().no);
}

QKeySequence ConsentSection::yesKey()
{
    // The initial of the translated answer ("S" for "Sí"), so the key matches the word on screen.
    return QKeySequence(tr("Y", "key that answers a consent question with yes"));
}

QKeySequence ConsentSection::noKey()
{
    return QKeySequence(tr("N", "key that answers a consent question with no"));
}

bool ConsentSection::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return FormSection::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        if (watched != row.yes && watched != row.no)
            continue;
        if ((key->modifiers() & ~Qt::KeypadModifier & ~Qt::ShiftModifier) != Qt::NoModifier)
            return false;
        const QKeySequence pressed(key->key());
        QRadioButton *answer = pressed == yesKey() ? row.yes : pressed == noKey() ? row.no : nullptr;
        if (answer) {
            answer->click();
            advanceFrom(i);
            return true;
        }
        // Left and Right move between Yes and No without answering: no answer is ever given by accident.
        if (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right) {
            (watched == row.yes ? row.no : row.yes)->setFocus(Qt::TabFocusReason);
            return true;
        }
        return false;
    }
    return FormSection::eventFilter(watched, event);
}

void ConsentSection::advanceFrom(qsizetype row)
{
    if (row + 1 < m_rows.size()) {
        const Row &next = m_rows.at(row + 1);
        (next.no->isChecked() ? next.no : next.yes)->setFocus(Qt::TabFocusReason);
        return;
    }
    // The last question: on to the next field, as Tab would go.
    QWidget *from = m_rows.at(row).yes;
    for (QWidget *w = from->nextInFocusChain(); w && w != from; w = w->nextInFocusChain()) {
        if ((w->focusPolicy() & Qt::TabFocus) && w->isVisible() && w->isEnabled() && !isAncestorOf(w)) {
            w->setFocus(Qt::TabFocusReason);
            return;
        }
    }
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
        chain << (row.no->isChecked() ? row.no : row.yes);
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
    m_scriptId = m_historyScript ? m_historyScript->reference() : scriptId(m_script);
    m_recordedAt = {};
    m_recordedBy.clear();
    m_recordEarlier = false;
    showRecorded();
}

} // namespace LeadRelay

namespace LeadRelay
{

QString ConsentSection::readAloudText(const ConsentScript &script)
{
    QStringList lines{script.disclosure, QString()};
    int number = 0;
    for (const QString &question : script.questions)
        lines << u"%1. %2"_s.arg(++number).arg(question);
    return lines.join(u'\n').trimmed();
}

void ConsentSection::setHistoryScripts(const QList<ConsentScript> &scripts)
{
    m_historyScripts = scripts;
    if (!m_language && !scripts.isEmpty()) {
        m_language = new QComboBox(this);
        m_language->setObjectName(u"consent_language"_s);
        m_language->setAccessibleName(tr("Customer's language"));
        auto *row = new QHBoxLayout;
        auto *label = new QLabel(tr("Customer's language:"), this);
        label->setBuddy(m_language);
        row->addWidget(label);
        row->addWidget(m_language, 1);
        static_cast<QBoxLayout *>(layout())->insertLayout(0, row);
        connect(m_language, &QComboBox::currentIndexChanged, this, [this] { applyHistoryScript(); });
    }
    if (!m_language)
        return;
    const QString wanted = customerLanguage();
    const QSignalBlocker blocker(m_language);
    m_language->clear();
    for (const ConsentScript &script : scripts) {
        if (m_language->findData(script.language) >= 0)
            continue;
        const QLocale locale(script.language);
        const QString name = locale.language() == QLocale::C ? script.language : locale.nativeLanguageName();
        m_language->addItem(name.isEmpty() ? script.language : name, script.language);
    }
    const int index = m_language->findData(wanted.isEmpty() ? u"en"_s : wanted);
    m_language->setCurrentIndex(qMax(0, index));
    m_language->setVisible(!scripts.isEmpty());
    applyHistoryScript();
}

void ConsentSection::setCustomerLanguage(const QString &language)
{
    if (!m_language)
        return;
    const int index = m_language->findData(language);
    if (index >= 0)
        m_language->setCurrentIndex(index);
}

QString ConsentSection::customerLanguage() const
{
    return m_language ? m_language->currentData().toString() : QString();
}

void ConsentSection::applyHistoryScript()
{
    const QString language = customerLanguage();
    m_historyScript.reset();
    for (const ConsentScript &script : std::as_const(m_historyScripts)) {
        if (script.language == language) {
            m_historyScript = script;
            break;
        }
    }
    if (!m_historyScript)
        return;
    m_script = readAloudText(*m_historyScript);
    m_scriptId = m_historyScript->reference();
    m_ui->consent_script_text->setText(m_script);
    // Other words, other questions: answers given to the previous language's questions do not carry over.
    buildRows(m_historyScript->questions, false);
    const bool hadRecord = m_recordedAt.isValid();
    m_recordedAt = {};
    m_recordedBy.clear();
    showRecorded();
    if (hadRecord)
        Q_EMIT edited(Key::Consent);
}

} // namespace LeadRelay
