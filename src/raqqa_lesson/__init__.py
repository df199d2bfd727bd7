"""raqqa-lesson: one 2017 news article on the battle for Raqqa, taken apart for a lesson in reading the news.

>>> import raqqa_lesson as rl
>>> lesson = rl.load()
>>> lesson.statements.head()
"""

from raqqa_lesson.datapackage import Article, DataPackageError, Lesson, Problem, load

__version__ = "0.1.0"

__all__ = ["Article", "DataPackageError", "Lesson", "Problem", "__version__", "load"]
