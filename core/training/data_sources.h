#pragma once
// Where training data comes from: the digits embedded in the app, or an MNIST-format
// folder chosen by the user.

#include "engine/digit_dataset.h"

#include <QString>
#include <QStringList>

namespace gan {

// Empty folder: the embedded MNIST digits. Otherwise an MNIST-format folder (raw or .gz).
// Throws DatasetError with a message meant for the user.
DigitDataset loadDataSource(const QString& folder);

// The embedded digits' held-out split (1,000 digits), for checks that must not see training data.
DigitDataset loadEmbeddedTestSplit();

// Folders with MNIST-format data installed on this machine (e.g. Debian's
// dataset-fashion-mnist), offered in the data chooser.
struct KnownDataFolder {
    QString label;
    QString path;
};
QList<KnownDataFolder> installedDataFolders();

QString embeddedDataLabel();

} // namespace gan
