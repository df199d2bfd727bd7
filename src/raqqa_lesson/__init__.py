"""raqqa-lesson: news articles taken apart, table by table, for lessons in reading the news.

>>> import raqqa_lesson as rl
>>> lesson = rl.load()
>>> lesson.statements.head()
"""

from raqqa_lesson.datapackage import Article, DataPackageError, Lesson, Problem, load

__version__ = "0.1.0"

__all__ = ["Article", "DataPackageError", "Lesson", "Problem", "__version__", "load"]
