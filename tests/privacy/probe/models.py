from django.db import models

from privacy.fields import EncryptedTextField


class Secret(models.Model):
    label = models.CharField(max_length=40, blank=True)
    text = EncryptedTextField(blank=True)
    note = EncryptedTextField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label
