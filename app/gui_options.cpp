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
    p.addOptions({autostart, iterations, quit, data, device});

    GuiOptions o;
    if (!p.parse(arguments)) {
        o.error = p.errorText();
        return o;
    }
    if (p.isSet(QStringLiteral("help")))
        p.showHelp(0);
    o.autostart = p.isSet(autostart);
    o.quitWhenDone = p.isSet(quit);
    o.dataFolder = p.value(data);
    if (p.isSet(iterations)) {
        bool ok = false;
        o.iterations = p.value(iterations).toLongLong(&ok);
        if (!ok || o.iterations < 1)
            o.error = QStringLiteral("--iterations must be a positive whole number");
    }
    if (o.quitWhenDone && o.iterations == 0)
        o.error = QStringLiteral("--quit-when-done needs --iterations N");
    if (p.isSet(device) && !parseDevicePreference(p.value(device).toStdString(), &o.device))
        o.error = QStringLiteral("--device must be auto, cpu or cuda");
    return o;
}

} // namespace gan
