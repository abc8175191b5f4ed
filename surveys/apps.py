from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SurveysConfig(AppConfig):
    name = "surveys"

    def ready(self):
        from ccpl.models import Priority

        from .models import Question, QuestionOption, Section
        from .selectors import survey_structure_forget

        for model in (Section, Question, QuestionOption, Priority):
            for signal in (post_save, post_delete):
                signal.connect(
                    survey_structure_forget,
                    sender=model,
                    dispatch_uid=f"structure-{model.__name__}",
                )
