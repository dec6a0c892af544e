#!/usr/bin/env python3
"""Local classifier vs a scikit-learn baseline on the same splits of a labeled export.

Maps ../shared/data/helpdesk-600.csv to our columns and labels (as fixtures/mappings/helpdesk-600.yml does),
then, for the seeded 80/20 split and for each fold of a seeded 5-fold cross-validation, trains scikit-learn's
TF-IDF (word 1-2-grams + char 2-5-grams, as our features) + LinearSVC(class_weight="balanced") on the training
part and runs `ticketjobs evaluate --train` on the same rows. Prints macro-F1 and accuracy per label kind for
both (the split, and the folds' mean: 120 test tickets swing macro-F1 by a few hundredths, the mean over 600
does not), the local model's calibration (mean confidence vs accuracy) and its train + label time.
With --queues the categories are the export's ten queues, under fixtures/taxonomies/helpdesk-queues.yml set as
the database's taxonomy, instead of the four of fixtures/mappings/helpdesk-600.yml.
Needs scikit-learn (pip install scikit-learn). Usage: Benchmarks/classifier.py [--queues] [CSV]"""
import csv, json, os, random, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ARGUMENTS = [a for a in sys.argv[1:] if a != "--queues"]
TEN_QUEUES = "--queues" in sys.argv[1:]
SOURCE = ARGUMENTS[0] if ARGUMENTS else os.path.join(ROOT, "..", "shared", "data", "helpdesk-600.csv")
TAXONOMY = os.path.join(ROOT, "fixtures", "taxonomies", "helpdesk-queues.yml")
QUEUES = {"Billing and Payments": "billing", "Technical Support": "technical", "IT Support": "technical",
          "Product Support": "technical", "Service Outages and Maintenance": "technical",
          "Customer Service": "general", "Returns and Exchanges": "general", "Sales and Pre-Sales": "general",
          "General Inquiry": "general", "Human Resources": "general"}
LABELS = ("category", "priority")
# TICKETJOBS_BIN: another build to measure (an earlier release, say).
BINARY = os.environ.get("TICKETJOBS_BIN") or os.path.join(ROOT, ".build", "release", "ticketjobs")


def queue_slug(queue):
    """"Sales and Pre-Sales" → sales_and_pre_sales, as the taxonomy file names the queues."""
    return queue.lower().replace(" ", "_").replace("-", "_")


def text(r):
    return r["title"] + "\n\n" + r["description"]


def sklearn_scores(train, test):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC
    scores = {}
    for label in LABELS:
        model = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            LinearSVC(class_weight="balanced"))
        model.fit([text(r) for r in train], [r[label] for r in train])
        predicted = model.predict([text(r) for r in test])
        truth = [r[label] for r in test]
        scores[label] = (accuracy_score(truth, predicted), f1_score(truth, predicted, average="macro"))
    return scores


def ticketjobs_scores(train, test, tmp):
    for name, part in (("train.csv", train), ("test.csv", test)):
        with open(os.path.join(tmp, name), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(train[0].keys()))
            w.writeheader()
            w.writerows(part)
    database = os.path.join(tmp, "t.sqlite")
    if os.path.exists(database):
        os.remove(database)
    # evaluate reads an existing store (a mistyped --db must not make a new one): the training rows make it,
    # under the ten queues' taxonomy when they are the labels.
    if TEN_QUEUES:
        subprocess.run([BINARY, "taxonomy", "set", TAXONOMY, "--db", database], capture_output=True, check=True)
    subprocess.run([BINARY, "import", os.path.join(tmp, "train.csv"), "--db", database], capture_output=True, check=True)
    start = time.time()
    result = subprocess.run([BINARY, "evaluate", "--fixtures", os.path.join(tmp, "test.csv"), "--train",
                             os.path.join(tmp, "train.csv"), "--db", database, "--out", os.path.join(tmp, "reports"),
                             "--json"], capture_output=True, text=True)
    elapsed = time.time() - start
    if result.returncode != 0:
        sys.exit(f"ticketjobs evaluate failed ({result.returncode}): {result.stderr.strip()}")
    report = json.loads(result.stdout)
    scores = {label: (report[label]["accuracy"], report[label]["macro_f1"]) for label in LABELS}
    return scores, elapsed, report.get("calibration")


def main():
    if not os.path.exists(SOURCE):
        # The labeled export's license keeps it out of the repository; it sits beside the clone on our machines.
        print(f"skipped: {SOURCE} is not here (it is not in the repository; pass a labeled CSV as the argument)",
              file=sys.stderr)
        sys.exit(0)
    try:
        import sklearn  # noqa: F401  (checked before anything runs: it failed midway, after the table's header)
    except ImportError:
        sys.exit(f"scikit-learn is missing for {sys.executable}: `pip install scikit-learn`, or on Debian "
                 "`apt-get install python3-sklearn` and run the script with /usr/bin/python3")
    if not os.environ.get("TICKETJOBS_BIN"):
        # Built every time (make's build is incremental): a binary older than the sources would score other code.
        subprocess.run(["make", "--no-print-directory", "release"], cwd=ROOT, stdout=sys.stderr, check=True)
    rows = []
    with open(SOURCE, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            category = queue_slug(r["queue"]) if TEN_QUEUES else QUEUES[r["queue"]]
            rows.append(dict(id=r["id"], title=r["subject"], description=r["body"], category=category,
                             priority=r["priority"], status="open", created_at="2026-11-01T00:00:00Z", resolved_at=""))
    random.Random(42).shuffle(rows)
    tmp = tempfile.mkdtemp()
    cut = int(len(rows) * 0.8)
    splits = [("split", rows[:cut], rows[cut:])]
    for fold in range(5):
        test = rows[fold::5]
        train = [r for i, r in enumerate(rows) if i % 5 != fold]
        splits.append((f"fold {fold + 1}", train, test))

    kinds = sorted({r["category"] for r in rows})
    print(f"categories: {len(kinds)} ({', '.join(kinds)})")
    print(f"{len(rows)} tickets from {SOURCE}; the split trains on {cut}, each fold on {len(rows) - len(rows) // 5}")
    print(f"{'split':7} {'label':9} {'sklearn_acc':>11} {'sklearn_f1':>10} {'local_acc':>9} {'local_f1':>8} {'f1_delta':>8}")
    totals = {label: [0.0, 0.0] for label in LABELS}
    seconds = []
    for name, train, test in splits:
        theirs = sklearn_scores(train, test)
        ours, elapsed, _ = ticketjobs_scores(train, test, tmp)
        seconds.append(elapsed)
        for label in LABELS:
            print(f"{name:7} {label:9} {theirs[label][0]:11.4f} {theirs[label][1]:10.4f} {ours[label][0]:9.4f} "
                  f"{ours[label][1]:8.4f} {ours[label][1] - theirs[label][1]:+8.4f}")
            if name != "split":
                totals[label][0] += theirs[label][1] / 5
                totals[label][1] += ours[label][1] / 5
    for label in LABELS:
        print(f"{'5-fold':7} {label:9} {'':11} {totals[label][0]:10.4f} {'':9} {totals[label][1]:8.4f} "
              f"{totals[label][1] - totals[label][0]:+8.4f}")
    print(f"ticketjobs evaluate (train on {cut} + label {len(rows) - cut}) took {seconds[0]:.2f} s; "
          f"each fold {min(seconds[1:]):.2f}–{max(seconds[1:]):.2f} s")


if __name__ == "__main__":
    main()
