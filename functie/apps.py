from django.apps import AppConfig


class FunctieConfig(AppConfig):
    name = "functie"
    verbose_name = "Takenpakket en functie"
