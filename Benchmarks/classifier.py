#!/usr/bin/env python3
"""Local classifier vs a scikit-learn baseline on the same split of a labeled export.

Writes a seeded 80/20 split of ../shared/data/helpdesk-600.csv (mapped to our columns and labels, as
fixtures/mappings/helpdesk-600.yml does), trains scikit-learn's TF-IDF (word 1-2-grams + char 2-5-grams) +
LinearSVC on the 80%, runs `ticketjobs evaluate --train` on the same rows, and prints macro-F1 and accuracy
for both, plus the local classifier's labeling rate. Needs scikit-learn (pip install scikit-learn).
Usage: Benchmarks/classifier.py [CSV]"""
import csv, json, os, random, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "helpdesk-600.csv")
QUEUES = {"Billing and Payments": "billing", "Technical Support": "technical", "IT Support": "technical",
          "Product Support": "technical", "Service Outages and Maintenance": "technical",
          "Customer Service": "general", "Returns and Exchanges": "general", "Sales and Pre-Sales": "general",
          "General Inquiry": "general", "Human Resources": "general"}


def main():
    if not os.path.exists(SOURCE):
        # The labeled export's license keeps it out of the repository; it sits beside the clone on our machines.
        print(f"skipped: {SOURCE} is not here (it is not in the repository; pass a labeled CSV as the argument)",
              file=sys.stderr)
        sys.exit(0)
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    rows = []
    with open(SOURCE, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.append(dict(id=r["id"], title=r["subject"], description=r["body"], category=QUEUES[r["queue"]],
                             priority=r["priority"], status="open", created_at="2026-11-01T00:00:00Z", resolved_at=""))
    random.Random(42).shuffle(rows)
    cut = int(len(rows) * 0.8)
    train, test = rows[:cut], rows[cut:]
    tmp = tempfile.mkdtemp()
    for name, part in (("train.csv", train), ("test.csv", test)):
        with open(os.path.join(tmp, name), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(part)

    def text(r):
        return r["title"] + "\n\n" + r["description"]

    print(f"{len(train)} training and {len(test)} test tickets from {SOURCE}")
    print(f"{'label':9} {'model':22} {'accuracy':>9} {'macro_f1':>9}")
    for label in ("category", "priority"):
        model = make_pipeline(
            make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                       TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            LinearSVC(class_weight="balanced"))
        model.fit([text(r) for r in train], [r[label] for r in train])
        predicted = model.predict([text(r) for r in test])
        truth = [r[label] for r in test]
        print(f"{label:9} {'scikit-learn LinearSVC':22} {accuracy_score(truth, predicted):9.4f} "
              f"{f1_score(truth, predicted, average='macro'):9.4f}")

    binary = os.path.join(ROOT, ".build", "release", "ticketjobs")
    out = os.path.join(tmp, "reports")
    start = time.time()
    result = subprocess.run([binary, "evaluate", "--fixtures", os.path.join(tmp, "test.csv"), "--train",
                             os.path.join(tmp, "train.csv"), "--db", os.path.join(tmp, "t.sqlite"), "--out", out,
                             "--json"], capture_output=True, text=True, check=True)
    elapsed = time.time() - start
    report = json.loads(result.stdout)
    for label in ("category", "priority"):
        print(f"{label:9} {'ticketjobs local':22} {report[label]['accuracy']:9.4f} {report[label]['macro_f1']:9.4f}")
    print(f"ticketjobs evaluate (train + score) took {elapsed:.2f} s; labeling rate {report['latency']['tickets_per_second']} tickets/s")


if __name__ == "__main__":
    main()
