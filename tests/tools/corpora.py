"""The shared corpora (../shared/corpus) as the corpus tests open them: a
test whose corpus is absent says it skipped and exits 0; one that runs gets
an empty work folder of its own."""
import os
import shutil
import sys


def open_corpus(name):
    """The path of corpus `name` under $CORPUS, after emptying $WORK."""
    corpus = os.path.join(os.environ.get("CORPUS", ""), name)
    if not os.path.isdir(corpus):
        print(f"skipped: {corpus} is absent")
        sys.exit(0)
    work = os.environ["WORK"]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    return corpus, work
