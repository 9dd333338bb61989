// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QWidget;

namespace LeadRelay
{

// The few modal questions the app asks (only before something that cannot be undone: discarding typed input,
// sending a likely duplicate). Tests queue answers with setNextAnswer() so no dialog ever blocks them.
class Dialogs
{
public:
    static bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &yesText,
                        const QString &noText);
    // Test hook: the next confirm() returns this without showing anything. Answers queue up in order.
    static void setNextAnswer(bool yes);
    static qsizetype pendingAnswers();
    // The text of the last question asked (shown or answered by the hook), for tests.
    static QString lastQuestion();
};

} // namespace LeadRelay
