# ruff: noqa: E501 - prose: one paragraph per line, as the mini-format wants.
PRIVACY_V1_FR = """\
## À qui s’adresse cette politique
Cette politique explique comment la plateforme Psyconsult traite les données personnelles des personnes qui consultent (les « utilisateurs ») et des psychologues qui proposent des téléconsultations (les « praticiens »). Le service est réservé aux personnes majeures.
L’éditeur de la plateforme, dont l’identité figure dans les mentions légales, est responsable des traitements décrits ici. Pour les informations qu’un praticien recueille pendant une consultation (notes, éléments cliniques), c’est le praticien qui est responsable de traitement, dans le cadre de son exercice professionnel.
## Les données que nous recueillons
### Pour les utilisateurs
- obligatoires : nom, prénom, genre, adresse e-mail, code postal ;
- facultatives : une photo de profil, le motif de consultation que vous choisissez de confier, vos préférences quant à l’approche du praticien ;
- liées aux rendez-vous : créneaux demandés et réservés, historique des téléconsultations, paiements.
### Pour les praticiens
- obligatoires : nom, prénom, genre, adresse e-mail, code postal, dossier de candidature (diplômes, numéro ADELI ou RPPS), suivi de l’activité sur la plateforme, disponibilités et rendez-vous ;
- facultative : une photo de profil.
Les champs obligatoires sont signalés par un astérisque dans les formulaires. Sans eux, nous ne pouvons pas créer le compte ni organiser la consultation.
## Quand ces données sont recueillies
Nous recevons vos données quand vous nous écrivez par le formulaire de contact, quand vous créez votre compte, quand vous réservez et payez une séance, pendant la téléconsultation (données techniques de connexion, jamais d’enregistrement de la séance), quand vous échangez avec notre support, et par les cookies lors de la navigation, selon vos choix.
## Pourquoi nous les utilisons
- répondre à vos demandes de renseignement ;
- créer et gérer votre compte ;
- vous montrer les disponibilités des praticiens, confirmer et rappeler vos rendez-vous, et, si vous l’acceptez, vous envoyer des nouvelles de la plateforme ;
- ouvrir la salle de visioconférence de votre séance ;
- encaisser les paiements des utilisateurs et reverser leurs honoraires aux praticiens ;
- assurer l’hébergement, la maintenance, la sauvegarde et la sécurité du service ;
- vous aider par le support en ligne ;
- mesurer l’audience du site, si vous y consentez ;
- tenir notre comptabilité et répondre à nos obligations légales.
Ces traitements reposent sur le contrat qui nous lie (compte, rendez-vous, paiements), sur nos obligations légales (comptabilité), sur notre intérêt légitime à sécuriser le service, ou sur votre consentement (lettres d’information, mesure d’audience).
## Qui reçoit vos données
Seules les personnes qui en ont besoin y accèdent : notre équipe, le praticien que vous consultez pour les informations de votre rendez-vous, et nos prestataires, chacun pour sa mission :
- hébergement et infogérance de la plateforme ;
- outil de gestion interne ;
- support par messagerie instantanée ;
- visioconférence ;
- encaissement des paiements et versement des honoraires ;
- mesure d’audience.
Chaque prestataire est tenu par contrat de protéger vos données au niveau exigé par le droit européen et de ne les utiliser que pour nous. Nous conservons les données principalement dans l’Union européenne ; quand un prestataire est établi hors de l’Union, le transfert est encadré par les garanties prévues par le RGPD.
## Comment nous les protégeons
Accès limité et journalisé, chiffrement des échanges, sauvegardes chiffrées, mots de passe stockés sous forme d’empreinte, contrôle régulier de nos prestataires.
## Combien de temps nous les gardons
Nous gardons vos données le temps de la relation, puis pendant les délais de prescription légaux lorsque la loi nous y oblige (par exemple dix ans pour les pièces comptables). À l’issue, elles sont supprimées ou rendues anonymes de manière irréversible. Un compte inactif pendant trois ans est clôturé après vous avoir prévenu.
## Vos droits
Vous pouvez accéder à vos données, les faire rectifier ou effacer, vous opposer à un traitement ou en demander la limitation, recevoir vos données dans un format réutilisable, et donner des directives sur leur sort après votre décès. Écrivez à notre délégué à la protection des données (adresse dans les mentions légales) ; nous répondons sous un mois.
Si vous estimez que vos droits ne sont pas respectés, vous pouvez saisir la CNIL (www.cnil.fr).
## Les changements de cette politique
Quand nous modifions cette politique, la nouvelle version est publiée ici avec un résumé des changements, et vous en êtes informé à votre visite suivante. Si le changement est important, nous vous demandons de l’accepter. Les versions précédentes restent consultables.
"""

PRIVACY_V2_FR = PRIVACY_V1_FR.replace(
    "Chaque prestataire est tenu par contrat de protéger vos données au niveau exigé par le droit européen et de ne les utiliser que pour nous. Nous conservons les données principalement dans l’Union européenne ; quand un prestataire est établi hors de l’Union, le transfert est encadré par les garanties prévues par le RGPD.",
    "Chaque prestataire est tenu par contrat de protéger vos données au niveau exigé par le droit européen et de ne les utiliser que pour nous. Toutes vos données, y compris le service de visioconférence, sont désormais hébergées dans l’Union européenne. Si un prestataire devait un jour accéder à des données depuis un pays tiers, ce serait uniquement avec des clauses contractuelles types de la Commission européenne ou vers un pays reconnu comme adéquat, et cette politique le dirait.",
).replace(
    "## Comment nous les protégeons",
    "## La preuve de vos acceptations\n"
    "Quand vous acceptez un document (conditions, politique de confidentialité, cookies), nous enregistrons la version acceptée, la date, la langue affichée, une empreinte du texte lu, votre navigateur et une adresse IP tronquée (les derniers chiffres sont effacés). Ce registre ne peut pas être modifié ; il sert à prouver votre accord et il est conservé cinq ans après la fin de la relation.\n"
    "## Comment nous les protégeons",
)

PRIVACY_V2_SUMMARY_FR = (
    "Toutes les données, visioconférence comprise, sont désormais hébergées dans l’Union européenne. "
    "Nouvelle section « La preuve de vos acceptations » : ce que nous enregistrons quand vous acceptez "
    "un document, et pendant combien de temps."
)

PRIVACY_V1_EN = """\
## Who this policy is for
This policy explains how the Psyconsult platform handles the personal data of people who consult (“users”) and of the psychologists who offer video consultations (“practitioners”). The service is for adults only.
The publisher of the platform, named in the legal notice, is the controller of the processing described here. For what a practitioner records during a consultation (notes, clinical information), the practitioner is the controller, as part of their professional practice.
## The data we collect
### Users
- required: last name, first name, gender, e-mail address, postcode;
- optional: a profile photo, the reason for consulting you choose to share, your preferences about the practitioner’s approach;
- about appointments: requested and booked slots, consultation history, payments.
### Practitioners
- required: last name, first name, gender, e-mail address, postcode, application file (degrees, ADELI or RPPS number), activity on the platform, availability and appointments;
- optional: a profile photo.
Required fields are marked with an asterisk in forms. Without them we cannot create the account or arrange the consultation.
## When we collect it
When you write to us through the contact form, create your account, book and pay for a session, during the video consultation (technical connection data, the session is never recorded), when you talk to our support, and through cookies while you browse, according to your choices.
## Why we use it
- to answer your enquiries;
- to create and manage your account;
- to show practitioners’ availability, confirm and remind you of appointments and, if you agree, send you news about the platform;
- to open the video room for your session;
- to collect users’ payments and pay practitioners their fees;
- to host, maintain, back up and secure the service;
- to help you through online support;
- to measure the site’s audience, if you consent;
- to keep our accounts and meet our legal obligations.
These rest on our contract with you (account, appointments, payments), our legal obligations (accounting), our legitimate interest in securing the service, or your consent (newsletters, audience measurement).
## Who receives your data
Only those who need it: our team, the practitioner you consult for your appointment details, and our service providers, each for its own task:
- hosting and managed operations of the platform;
- internal management tool;
- live-chat support;
- video conferencing;
- payment collection and fee payouts;
- audience measurement.
Each provider is bound by contract to protect your data to the level European law requires and to use it only on our behalf. We keep data mainly in the European Union; where a provider is established outside the Union, the transfer is covered by the safeguards set out in the GDPR.
## How we protect it
Restricted and logged access, encrypted connections, encrypted backups, passwords stored as hashes, regular checks of our providers.
## How long we keep it
For as long as our relationship lasts, then for the legal limitation periods where the law requires it (for example ten years for accounting records). After that it is deleted or irreversibly anonymised. An account inactive for three years is closed after we have warned you.
## Your rights
You may access your data, have it corrected or erased, object to or restrict its processing, receive it in a reusable format, and give instructions about it after your death. Write to our data-protection officer (address in the legal notice); we answer within one month.
If you believe your rights are not respected, you may complain to the CNIL, the French supervisory authority (www.cnil.fr).
## Changes to this policy
When we change this policy, the new version is published here with a summary of changes and you are told about it on your next visit. If the change is significant, we ask you to accept it. Earlier versions remain available.
"""

PRIVACY_V2_EN = PRIVACY_V1_EN.replace(
    "Each provider is bound by contract to protect your data to the level European law requires and to use it only on our behalf. We keep data mainly in the European Union; where a provider is established outside the Union, the transfer is covered by the safeguards set out in the GDPR.",
    "Each provider is bound by contract to protect your data to the level European law requires and to use it only on our behalf. All your data, video conferencing included, is now hosted in the European Union. Should a provider ever access data from a third country, it would only be under the European Commission’s standard contractual clauses or towards a country recognised as adequate, and this policy would say so.",
).replace(
    "## How we protect it",
    "## Proof of your acceptances\n"
    "When you accept a document (terms, privacy policy, cookies), we record the version accepted, the date, the language shown, a fingerprint of the text you read, your browser and a truncated IP address (the last digits are erased). This register cannot be altered; it proves your agreement and is kept for five years after our relationship ends.\n"
    "## How we protect it",
)

PRIVACY_V2_SUMMARY_EN = (
    "All data, video conferencing included, is now hosted in the European Union. "
    "New section “Proof of your acceptances”: what we record when you accept a document, and for how long."
)
