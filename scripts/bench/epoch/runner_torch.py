"""Epoch benchmark, PyTorch runner (see spec.ts; the constants are repeated here by hand).
Run with /usr/bin/python3 and OPENBLAS_NUM_THREADS=1; prints one JSON line."""
import gzip, json, os, struct, sys, time
import numpy as np
import torch

SIZES, BATCH, LR, WARMUP_STEPS, EPOCHS = [784, 300, 100, 10], 64, 1e-3, 100, 1
torch.set_num_threads(int(os.environ.get("THREADS", "1")))
data_dir = os.environ.get("TL_DATA_DIR", "/usr/share/datasets/fashion-mnist")

def read_idx(path):
    opener = open if os.path.exists(path) else gzip.open
    with opener(path if os.path.exists(path) else path + ".gz", "rb") as f:
        buf = f.read()
    ndim = buf[3]
    dims = struct.unpack(">" + "I" * ndim, buf[4:4 + 4 * ndim])
    return np.frombuffer(buf, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

def split(name):
    x = read_idx(os.path.join(data_dir, f"{name}-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    y = read_idx(os.path.join(data_dir, f"{name}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)

xtr, ytr = split("train")
xte, yte = split("t10k")
layers = []
for i in range(len(SIZES) - 1):
    layers.append(torch.nn.Linear(SIZES[i], SIZES[i + 1]))
    if i + 2 < len(SIZES):
        layers.append(torch.nn.ReLU())
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=LR)
loss_fn = torch.nn.CrossEntropyLoss()

def step(i):
    xb, yb = xtr[i * BATCH:(i + 1) * BATCH], ytr[i * BATCH:(i + 1) * BATCH]
    opt.zero_grad()
    loss = loss_fn(model(xb), yb)
    loss.backward()
    opt.step()

n = xtr.shape[0]
batches = (n + BATCH - 1) // BATCH
for i in range(WARMUP_STEPS):
    step(i)
times = []
for e in range(EPOCHS):
    t0 = time.perf_counter()
    for i in range(batches):
        step(i)
    times.append(time.perf_counter() - t0)
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()
print(json.dumps({"runner": "pytorch", "epochSeconds": times, "testAccuracy": acc}))
