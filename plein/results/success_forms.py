"""The forms of success stories. Partner ids are checked by the service (they belong to
the plein); lengths come from the model."""

from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired

from plein.forms import REQUIRED, DateField, Form, id_choice, max_length, required, version_field
from plein.programme.forms import CheckboxesField
from plein.results.success_models import STORY_MAX, SuccessStory


class StoryForm(Form):
    title = StringField("Titel", [required(), max_length(SuccessStory.title)])
    story = TextAreaField("Wat gebeurde er?", [required(), max_length(STORY_MAX)],
                          render_kw={"rows": 6})
    happened_on = DateField("Wanneer?", [InputRequired(REQUIRED)])
    partner_ids = CheckboxesField("Welke organisaties deden mee?", coerce=id_choice,
                                  validate_choice=False, choices=[])
    shareable = BooleanField("Dit verhaal mag buiten het netwerk gedeeld worden (ook op de "
                             "openbare programmapagina)")

    def for_service(self):
        return {"title": self.title.data, "story": self.story.data,
                "happened_on": self.happened_on.data,
                "partner_ids": [i for i in (self.partner_ids.data or []) if i],
                "shareable": self.shareable.data}


class StoryEditForm(StoryForm):
    version = version_field()


class CollectorForm(Form):
    owner_id = SelectField("Wie verzamelt de verhalen?", coerce=id_choice,
                           validate_choice=False, choices=[])
