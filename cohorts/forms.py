from django import forms

from cto_mentor.users.models import User

from .models import Role


class AddMemberForm(forms.Form):
    email = forms.EmailField(label="E-mail address of the person's account")
    role = forms.ChoiceField(choices=Role.choices)

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("No account uses this address. Ask the person to sign up first.")
        self.user = user
        return email
