#pragma once
// Command-line options of the window, so a demo or a check can run it unattended.

#include "engine/settings.h"

#include <QString>
#include <QStringList>

namespace gan {

struct GuiOptions {
    bool autostart = false;     // press Start at launch
    qint64 iterations = 0;      // stop after N iterations (0: never)
    bool quitWhenDone = false;  // quit (printing the done: line) when the iterations are done
    bool report = false;        // print a report: line (start-up, event-loop stalls, memory) at quit
    int autosaveInterval = -1;  // seconds between autosaves; 0: off; -1: the window's default
    int logInterval = 0;        // print a seed-style progress line every N iterations; 0: never
    QString dataFolder;         // empty: the embedded digits
    DevicePreference device = DevicePreference::Auto;
    QString error;              // set when the arguments are unusable
};

GuiOptions parseGuiOptions(const QStringList& arguments);

} // namespace gan
