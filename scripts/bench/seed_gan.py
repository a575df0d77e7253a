#!/usr/bin/env python3
"""The project's copy of the reference program (shared/bench/seed_gan.py), changed only so
that it also runs where torchvision is missing (a GPU machine with PyTorch alone): the
MNIST files are then read with numpy, with the same scaling to [-1, 1] and the same
shuffled, drop_last DataLoader. Also accepts --device.

Reference: the seed's vanilla GAN in Python (PyTorch, MLP G and D, BCE, Adam,
G step then D step), made runnable, for side-by-side measurement against the project.
Prints iterations/s over --iters training iterations after --warmup.

Needs Debian's python3-torch and python3-torchvision (run it with /usr/bin/python3)
and a torchvision-style folder: DATA/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte
(torchvision insists that the t10k files exist too; a copy of the train files will do).
Example: /usr/bin/python3 seed_gan.py --data DATA --iters 300 --warmup 20"""
import argparse, time, torch, torch.nn as nn
try:
    import numpy as np
except ImportError:  # a bare PyTorch install: draw z with torch (no slower than the seed's numpy path)
    np = None
try:
    import torchvision.transforms as transforms
    from torchvision import datasets
except ImportError:
    datasets = None

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--batch_size", type=int, default=64)
p.add_argument("--lr", type=float, default=0.0002)
p.add_argument("--b1", type=float, default=0.5)
p.add_argument("--b2", type=float, default=0.999)
p.add_argument("--latent_dim", type=int, default=100)
p.add_argument("--iters", type=int, default=300)
p.add_argument("--warmup", type=int, default=20)
p.add_argument("--threads", type=int, default=0)
p.add_argument("--seed", type=int, default=1)
p.add_argument("--device", default="auto")
opt = p.parse_args()
if opt.threads: torch.set_num_threads(opt.threads)
torch.manual_seed(opt.seed)
if np is not None: np.random.seed(opt.seed)
img_shape = (1, 28, 28)
device = torch.device(("cuda" if torch.cuda.is_available() else "cpu") if opt.device == "auto" else opt.device)

class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        def block(i, o, normalize=True):
            layers = [nn.Linear(i, o)]
            if normalize: layers.append(nn.BatchNorm1d(o, 0.8))
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            return layers
        self.model = nn.Sequential(*block(opt.latent_dim, 128, normalize=False), *block(128, 256),
                                   *block(256, 512), *block(512, 1024),
                                   nn.Linear(1024, 784), nn.Tanh())
    def forward(self, z):
        return self.model(z).view(z.size(0), *img_shape)

class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.model = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2, inplace=True),
                                   nn.Linear(512, 256), nn.LeakyReLU(0.2, inplace=True),
                                   nn.Linear(256, 1), nn.Sigmoid())
    def forward(self, img):
        return self.model(img.view(img.size(0), -1))

loss = nn.BCELoss().to(device)
G, D = Generator().to(device), Discriminator().to(device)
def idx_dataset(root):
    import gzip, os
    def read(name):
        for base in (os.path.join(root, "MNIST", "raw"), root):
            for suffix in ("", ".gz"):
                path = os.path.join(base, name + suffix)
                if os.path.exists(path):
                    with (gzip.open if suffix else open)(path, "rb") as f:
                        return f.read()
        raise SystemExit("no %s under %s" % (name, root))
    images = torch.frombuffer(bytearray(read("train-images-idx3-ubyte")[16:]), dtype=torch.uint8).reshape(-1, 1, 28, 28)
    labels = torch.frombuffer(bytearray(read("train-labels-idx1-ubyte")[8:]), dtype=torch.uint8)
    x = (images.float() / 255.0 - 0.5) / 0.5
    return torch.utils.data.TensorDataset(x, labels.long())

if datasets is not None:
    ds = datasets.MNIST(opt.data, train=True, download=False,
                        transform=transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5], [0.5])]))
else:
    ds = idx_dataset(opt.data)
dl = torch.utils.data.DataLoader(ds, batch_size=opt.batch_size, shuffle=True, drop_last=True)
oG = torch.optim.Adam(G.parameters(), lr=opt.lr, betas=(opt.b1, opt.b2))
oD = torch.optim.Adam(D.parameters(), lr=opt.lr, betas=(opt.b1, opt.b2))
done, t0 = 0, None
while done < opt.iters + opt.warmup:
    for imgs, _ in dl:
        if done == opt.warmup:
            if device.type == "cuda": torch.cuda.synchronize()
            t0 = time.perf_counter()
        valid = torch.ones(imgs.size(0), 1, device=device); fake = torch.zeros(imgs.size(0), 1, device=device)
        real = imgs.to(device)
        oG.zero_grad()
        if np is not None:
            z = torch.tensor(np.random.normal(0, 1, (imgs.shape[0], opt.latent_dim)), dtype=torch.float32).to(device)
        else:
            z = torch.randn(imgs.shape[0], opt.latent_dim).to(device)
        gen = G(z)
        g_loss = loss(D(gen), valid); g_loss.backward(); oG.step()
        oD.zero_grad()
        d_loss = (loss(D(real), valid) + loss(D(gen.detach()), fake)) / 2
        d_loss.backward(); oD.step()
        _ = d_loss.item(), g_loss.item()   # the seed prints both every batch
        done += 1
        if done >= opt.iters + opt.warmup: break
if device.type == "cuda": torch.cuda.synchronize()
dt = time.perf_counter() - t0
print(f"device={device} threads={torch.get_num_threads()} iters={opt.iters} seconds={dt:.3f} it_per_s={opt.iters/dt:.1f} d_loss={d_loss.item():.4f} g_loss={g_loss.item():.4f}")
