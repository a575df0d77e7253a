#include "data_sources.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace gan {
namespace {

QByteArray readResource(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw DatasetError("the embedded digits are missing from this build (" + path.toStdString() + ")");
    return f.readAll();
}

DigitDataset loadEmbedded(const QString& prefix, const std::string& name)
{
    const QByteArray images = readResource(QStringLiteral(":/mnist/%1-images-idx3-ubyte.gz").arg(prefix));
    const QByteArray labels = readResource(QStringLiteral(":/mnist/%1-labels-idx1-ubyte.gz").arg(prefix));
    return parseIdxPair(std::string_view(images.constData(), images.size()),
                        std::string_view(labels.constData(), labels.size()), name);
}

} // namespace

QString embeddedDataLabel() { return QStringLiteral("Embedded MNIST digits"); }

DigitDataset loadDataSource(const QString& folder)
{
    if (folder.isEmpty())
        return loadEmbedded(QStringLiteral("train"), embeddedDataLabel().toStdString());
    DigitDataset d = loadIdxFolder(QDir::toNativeSeparators(folder).toStdString());
    d.name = QDir(folder).dirName().toStdString();
    return d;
}

DigitDataset loadEmbeddedTestSplit()
{
    return loadEmbedded(QStringLiteral("t10k"), "embedded MNIST test split");
}

QList<KnownDataFolder> installedDataFolders()
{
    QList<KnownDataFolder> found;
    const QString fashion = QStringLiteral("/usr/share/datasets/fashion-mnist");
    for (const char* name : {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"}) {
        if (QFileInfo::exists(fashion + QLatin1Char('/') + QLatin1String(name))) {
            found.append({QStringLiteral("Fashion-MNIST (installed)"), fashion});
            break;
        }
    }
    return found;
}

} // namespace gan
