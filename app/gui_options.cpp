#include "gui_options.h"

#include <QCommandLineParser>

namespace gan {

GuiOptions parseGuiOptions(const QStringList& arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("GAN Studio: watch a GAN learn to draw digits. "
                                               "Use --headless --help for training without a window."));
    p.addHelpOption();
    const QCommandLineOption autostart(QStringLiteral("autostart"), QStringLiteral("Start training at launch."));
    const QCommandLineOption iterations(QStringLiteral("iterations"), QStringLiteral("Pause after N iterations."), QStringLiteral("N"));
    const QCommandLineOption quit(QStringLiteral("quit-when-done"), QStringLiteral("Quit after --iterations, printing a done: line."));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("MNIST-format folder (default: the embedded digits)."), QStringLiteral("DIR"));
    const QCommandLineOption device(QStringLiteral("device"), QStringLiteral("auto, cpu or cuda."), QStringLiteral("DEV"));
    const QCommandLineOption report(QStringLiteral("report"),
                                    QStringLiteral("At quit, print start-up time, longest stall and event, GUI thread CPU and memory."));
    const QCommandLineOption autosave(QStringLiteral("autosave-interval"),
                                      QStringLiteral("Autosave every N seconds (default 300; 0: off)."), QStringLiteral("N"));
    const QCommandLineOption log(QStringLiteral("log-interval"),
                                 QStringLiteral("Print a seed-style progress line every N iterations (default: never)."),
                                 QStringLiteral("N"));
    p.addOptions({autostart, iterations, quit, data, device, report, autosave, log});

    GuiOptions o;
    if (!p.parse(arguments)) {
        o.error = p.errorText();
        return o;
    }
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(0);
    o.autostart = p.isSet(autostart);
    o.quitWhenDone = p.isSet(quit);
    o.report = p.isSet(report);
    o.dataFolder = p.value(data);
    if (p.isSet(iterations)) {
        bool ok = false;
        o.iterations = p.value(iterations).toLongLong(&ok);
        if (!ok || o.iterations < 1)
            o.error = QStringLiteral("--iterations must be a positive whole number");
    }
    for (const auto& [opt, target, hi] : {std::tuple{&autosave, &o.autosaveInterval, 7 * 24 * 3600},
                                          std::tuple{&log, &o.logInterval, 1'000'000'000}}) {
        if (!p.isSet(*opt))
            continue;
        bool ok = false;
        const qint64 v = p.value(*opt).toLongLong(&ok);
        if (!ok || v < 0 || v > hi)
            o.error = QStringLiteral("--%1 must be a whole number from 0 to %2 (got '%3')")
                          .arg(opt->names().first())
                          .arg(hi)
                          .arg(p.value(*opt));
        else
            *target = static_cast<int>(v);
    }
    if (o.quitWhenDone && o.iterations == 0)
        o.error = QStringLiteral("--quit-when-done needs --iterations N");
    if (p.isSet(device) && !parseDevicePreference(p.value(device).toStdString(), &o.device))
        o.error = QStringLiteral("--device must be auto, cpu or cuda");
    return o;
}

} // namespace gan
