// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs a function once, right after a window has been painted and flushed for the first time. main.cpp starts
// what the first screen does not need (the keychain) there, and the cold-start benchmark (bench/bench_coldstart)
// measures up to there: with LEADRELAY_EXIT_AFTER_FIRST_PAINT=1 the app prints "first-paint" and quits.
//   FirstPaintNotifier::watch(&window, [&] { credentials.load(...); });

#include <QObject>

#include <functional>

class QWidget;

namespace LeadRelay
{

class FirstPaintNotifier : public QObject
{
    Q_OBJECT

public:
    // The notifier is a child of the window and deletes itself after the call.
    static void watch(QWidget *window, std::function<void()> afterFirstPaint);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    FirstPaintNotifier(QWidget *window, std::function<void()> afterFirstPaint);

    std::function<void()> m_afterFirstPaint;
    bool m_fired = false;
};

} // namespace LeadRelay
