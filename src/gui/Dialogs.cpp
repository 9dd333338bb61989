// SPDX-License-Identifier: GPL-3.0-or-later
#include "Dialogs.h"

#include <QList>
#include <QMessageBox>
#include <QPushButton>

namespace LeadRelay
{

namespace
{
QList<bool> &queuedAnswers()
{
    static QList<bool> answers;
    return answers;
}

QString &lastText()
{
    static QString text;
    return text;
}
} // namespace

bool Dialogs::confirm(QWidget *parent, const QString &title, const QString &text, const QString &yesText,
                      const QString &noText)
{
    lastText() = text;
    if (!queuedAnswers().isEmpty())
        return queuedAnswers().takeFirst();
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, parent);
    QPushButton *yes = box.addButton(yesText, QMessageBox::AcceptRole);
    QPushButton *no = box.addButton(noText, QMessageBox::RejectRole);
    // The safe answer is the default: Enter must not discard work or send twice.
    box.setDefaultButton(no);
    box.setEscapeButton(no);
    box.exec();
    return box.clickedButton() == yes;
}

void Dialogs::setNextAnswer(bool yes)
{
    queuedAnswers().append(yes);
}

qsizetype Dialogs::pendingAnswers()
{
    return queuedAnswers().size();
}

QString Dialogs::lastQuestion()
{
    return lastText();
}

} // namespace LeadRelay
